package dev.earshot.engine;

import java.util.Objects;

/**
 * One recognised word with its place in the stream.
 *
 * @param text       the word as the engine spells it, without pronunciation variants or fillers
 * @param startMs    where the word starts, in milliseconds of audio since the stream began
 * @param endMs      where the word ends (exclusive), in milliseconds since the stream began
 * @param confidence the engine's probability that the word is right, 0 to 1; NaN if it gives none
 */
public record Word(String text, long startMs, long endMs, float confidence) {
    public Word {
        Objects.requireNonNull(text, "text");
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException(
                    "word times out of order: expected 0 <= start <= end, found start=" + startMs + " end=" + endMs);
        }
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("word confidence: expected 0 to 1 or NaN, found " + confidence);
        }
    }

    /** A word without a confidence. */
    public Word(String text, long startMs, long endMs) {
        this(text, startMs, endMs, Float.NaN);
    }

    /** The middle of the word, which decides on which side of a boundary the word falls. */
    public long midMs() {
        return (startMs + endMs) / 2;
    }
}
