package dev.earshot.protocol;

/**
 * The {@code usage} object of {@code transcription.done}, and of a batch transcription's
 * response. Every count is an integer on the wire, as both official SDKs type it: the
 * TypeScript SDK 2.7.0 turns a whole {@code transcription.done} into an unknown event when
 * {@code prompt_audio_seconds} is {@code 2.99}.
 *
 * <p>Counts are optional: null means the server did not report it, and is omitted on the wire.
 * {@code service_tier} is always written, as an explicit {@code null} when null, since the
 * SDKs type it as a nullable string.
 *
 * @param promptTokens       tokens the audio took, or null
 * @param completionTokens   tokens of the transcript, or null
 * @param totalTokens        the sum, or null
 * @param promptAudioSeconds the audio's length in whole seconds, rounded up (see
 *                           {@link #ofAudio}), or null
 * @param serviceTier        the tier the request ran at (Mistral: {@code standard} or
 *                           {@code priority}), or null
 */
public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens,
        Integer promptAudioSeconds, String serviceTier) {

    /** A usage that reports nothing; what a client sees when the server sent no usage. */
    public static final Usage EMPTY = new Usage(null, null, null, null, null);

    /** Throws {@link IllegalArgumentException} for a negative count. */
    public Usage {
        requireNotNegative("promptTokens", promptTokens);
        requireNotNegative("completionTokens", completionTokens);
        requireNotNegative("totalTokens", totalTokens);
        requireNotNegative("promptAudioSeconds", promptAudioSeconds);
    }

    /**
     * The usage of a stream that carried {@code samples} samples at {@code sampleRate} Hz:
     * {@code prompt_audio_seconds} is the length in whole seconds, rounded up (2.99 s bills as
     * 3, 3.0 s as 3, 0.01 s as 1), counted exactly from the samples rather than from a double.
     *
     * @throws IllegalArgumentException for a negative sample count or a rate below 1
     */
    public static Usage ofAudio(long samples, int sampleRate) {
        if (samples < 0 || sampleRate < 1) {
            throw new IllegalArgumentException("expected samples >= 0 and sampleRate >= 1, was "
                    + samples + " samples at " + sampleRate + " Hz");
        }
        long seconds = Math.ceilDiv(samples, sampleRate);
        return new Usage(null, null, null, Math.toIntExact(seconds), null);
    }

    private static void requireNotNegative(String name, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must be at least 0, was " + value);
        }
    }
}
