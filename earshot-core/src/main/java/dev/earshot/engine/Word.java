package dev.earshot.engine;

import java.util.Objects;

/**
 * One recognised word with its place in the stream.
 *
 * @param text    the word as the engine spells it, without pronunciation variants or fillers
 * @param startMs where the word starts, in milliseconds of audio since the stream began
 * @param endMs   where the word ends (exclusive), in milliseconds since the stream began
 */
public record Word(String text, long startMs, long endMs) {
    public Word {
        Objects.requireNonNull(text, "text");
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException(
                    "word times out of order: expected 0 <= start <= end, found start=" + startMs + " end=" + endMs);
        }
    }

    /** The middle of the word, which decides on which side of a boundary the word falls. */
    public long midMs() {
        return (startMs + endMs) / 2;
    }
}
