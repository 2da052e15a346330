package dev.earshot.protocol;

import java.util.Objects;

/**
 * One entry of {@code transcription.done}'s {@code segments}: a stretch of the transcript
 * with its place in the audio.
 *
 * @param text      the segment's text; never null
 * @param start     start in seconds from the beginning of the stream; finite
 * @param end       end in seconds from the beginning of the stream; finite
 * @param score     confidence, or null when the engine gives none (omitted on the wire)
 * @param speakerId the speaker's id, or null without diarization (omitted on the wire)
 */
public record DoneSegment(String text, double start, double end, Double score, String speakerId) {

    /** Throws {@link NullPointerException} for a null text, {@link IllegalArgumentException}
     *  for a non-finite time, which JSON cannot carry. */
    public DoneSegment {
        Objects.requireNonNull(text, "text");
        Times.requireFinite("start", start);
        Times.requireFinite("end", end);
        if (score != null) {
            Times.requireFinite("score", score);
        }
    }
}
