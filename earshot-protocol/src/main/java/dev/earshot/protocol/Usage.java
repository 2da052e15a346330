package dev.earshot.protocol;

/**
 * The {@code usage} object of {@code transcription.done}. Every component is optional: null
 * means the server did not report it, and is omitted on the wire.
 *
 * @param promptTokens       tokens the audio took, or null
 * @param completionTokens   tokens of the transcript, or null
 * @param totalTokens        the sum, or null
 * @param promptAudioSeconds seconds of audio received, or null
 */
public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens,
        Double promptAudioSeconds) {

    /** A usage that reports nothing; what a client sees when the server sent no usage. */
    public static final Usage EMPTY = new Usage(null, null, null, null);
}
