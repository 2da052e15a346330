package dev.earshot.streaming;

/**
 * The committed text of one utterance.
 *
 * @param text  the words of the utterance, space-separated
 * @param start where its first word starts, in seconds since the stream began
 * @param end   where its last word ends, in seconds since the stream began
 */
public record TranscriptSegment(String text, double start, double end) implements TranscriptEvent {
}
