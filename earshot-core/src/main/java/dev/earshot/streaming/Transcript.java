package dev.earshot.streaming;

import java.util.List;

/**
 * The whole result of a stream.
 *
 * @param text         every committed delta, concatenated
 * @param segments     one per utterance that committed text, in order
 * @param audioSeconds how much audio the stream carried
 */
public record Transcript(String text, List<TranscriptSegment> segments, double audioSeconds) {
    public Transcript {
        segments = List.copyOf(segments);
    }
}
