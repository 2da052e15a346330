package dev.earshot.captions;

import java.util.List;

/**
 * One subtitle: what is on screen from {@code start} to {@code end}.
 *
 * @param start seconds since the stream began
 * @param end   seconds since the stream began, not before {@code start}
 * @param lines one or two lines of text, each at most {@value Captions#MAX_LINE_CHARS} characters unless a
 *              single word is longer
 */
public record Cue(double start, double end, List<String> lines) {
    public Cue {
        lines = List.copyOf(lines);
    }
}
