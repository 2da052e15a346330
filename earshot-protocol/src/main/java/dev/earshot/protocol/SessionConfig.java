package dev.earshot.protocol;

/**
 * The {@code session} object of a {@code session.update}: the changes a client asks for.
 *
 * <p>A null component means "leave as it is", and is omitted on the wire. The codec checks
 * only the shapes; which values a model can honour is the server's decision.
 *
 * @param audioFormat            the new audio format, or null to keep the current one
 * @param targetStreamingDelayMs the new target delay in milliseconds, or null to keep it
 * @param language               the language spoken, ISO 639-1 (Voxtral 3), or null
 * @param contextBias            phrases or a description to favour (Voxtral 3), or null
 * @param turnDetection          end a segment at each end of turn (Voxtral 3), or null
 * @param diarize                whether to label speakers (Voxtral 3), or null
 */
public record SessionConfig(AudioFormatSpec audioFormat, Integer targetStreamingDelayMs, String language,
        ContextBias contextBias, TurnDetection turnDetection, Boolean diarize) {

    /** The two fields of Voxtral 2's {@code session.update}, which the official SDKs send. */
    public SessionConfig(AudioFormatSpec audioFormat, Integer targetStreamingDelayMs) {
        this(audioFormat, targetStreamingDelayMs, null, null, null, null);
    }
}
