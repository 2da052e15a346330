package dev.earshot.streaming;

import java.util.List;

import dev.earshot.engine.Word;

/**
 * The committed text of one utterance.
 *
 * @param text  the words of the utterance, space-separated
 * @param start where its first word starts, in seconds since the stream began
 * @param end   where its last word ends, in seconds since the stream began
 * @param words the words with their times, in order; empty when they are not known (a segment
 *              that came from a remote server without word times)
 */
public record TranscriptSegment(String text, double start, double end, List<Word> words) {
    public TranscriptSegment {
        words = List.copyOf(words);
    }

    /** A segment whose word times are not known. */
    public TranscriptSegment(String text, double start, double end) {
        this(text, start, end, List.of());
    }
}
