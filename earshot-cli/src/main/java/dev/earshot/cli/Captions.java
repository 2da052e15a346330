package dev.earshot.cli;

import java.util.List;
import java.util.Locale;

import dev.earshot.streaming.TranscriptSegment;

/** SubRip (SRT) and WebVTT captions from transcript segments, one cue per segment. */
final class Captions {

    private Captions() {
    }

    /** SRT: numbered cues, times {@code HH:MM:SS,mmm}, a blank line after each cue. */
    static String srt(List<TranscriptSegment> segments) {
        StringBuilder out = new StringBuilder();
        int cue = 1;
        for (TranscriptSegment s : segments) {
            out.append(cue++).append('\n')
                    .append(timestamp(s.start(), ',')).append(" --> ").append(timestamp(s.end(), ',')).append('\n')
                    .append(s.text()).append("\n\n");
        }
        return out.toString();
    }

    /** WebVTT: the {@code WEBVTT} header, then cues with times {@code HH:MM:SS.mmm}. */
    static String vtt(List<TranscriptSegment> segments) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (TranscriptSegment s : segments) {
            out.append(timestamp(s.start(), '.')).append(" --> ").append(timestamp(s.end(), '.')).append('\n')
                    .append(s.text()).append("\n\n");
        }
        return out.toString();
    }

    /** {@code seconds} rounded to the millisecond as {@code HH:MM:SS<sep>mmm}; hours may exceed 99. */
    static String timestamp(double seconds, char millisSeparator) {
        long millis = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millisSeparator, millis % 1000);
    }
}
