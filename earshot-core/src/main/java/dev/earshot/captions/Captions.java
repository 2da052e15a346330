package dev.earshot.captions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.earshot.engine.Word;
import dev.earshot.streaming.TranscriptSegment;

/**
 * SubRip (SRT) and WebVTT subtitles from transcript segments, cut the way subtitle style guides
 * ask (e.g. the BBC's and Netflix's): a cue lasts at most {@value #MAX_CUE_MS} ms and holds at
 * most {@value #MAX_LINES} lines of {@value #MAX_LINE_CHARS} characters, and cues break between
 * words, at the words' times. A cue never spans two segments. Segments without word times (from
 * a remote server) are cut at times interpolated by character position. Stateless and
 * thread-safe; the CLI's {@code --format srt|vtt} and the server's batch endpoint both use it.
 */
public final class Captions {

    /** Longest cue; guides give 6 to 7 seconds. */
    public static final long MAX_CUE_MS = 7000;
    /** Longest line; 42 characters is the common broadcast and streaming limit. */
    public static final int MAX_LINE_CHARS = 42;
    public static final int MAX_LINES = 2;

    private Captions() {
    }

    /** The cues of {@code segments}, in order. */
    public static List<Cue> cues(List<TranscriptSegment> segments) {
        List<Cue> cues = new ArrayList<>();
        for (TranscriptSegment segment : segments) {
            List<Word> cue = new ArrayList<>();
            for (Word word : timedWords(segment)) {
                if (!cue.isEmpty() && !fits(cue, word)) {
                    cues.add(cue(cue));
                    cue.clear();
                }
                cue.add(word);
            }
            if (!cue.isEmpty()) {
                cues.add(cue(cue));
            }
        }
        return cues;
    }

    /** SRT: numbered cues, times {@code HH:MM:SS,mmm}, a blank line after each cue. */
    public static String srt(List<TranscriptSegment> segments) {
        StringBuilder out = new StringBuilder();
        int number = 1;
        for (Cue cue : cues(segments)) {
            out.append(number++).append('\n');
            appendCue(out, cue, ',');
        }
        return out.toString();
    }

    /** WebVTT: the {@code WEBVTT} header, then cues with times {@code HH:MM:SS.mmm}. */
    public static String vtt(List<TranscriptSegment> segments) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Cue cue : cues(segments)) {
            appendCue(out, cue, '.');
        }
        return out.toString();
    }

    private static void appendCue(StringBuilder out, Cue cue, char millisSeparator) {
        out.append(timestamp(cue.start(), millisSeparator)).append(" --> ")
                .append(timestamp(cue.end(), millisSeparator)).append('\n');
        cue.lines().forEach(line -> out.append(line).append('\n'));
        out.append('\n');
    }

    /** {@code seconds} rounded to the millisecond as {@code HH:MM:SS<sep>mmm}; hours may exceed 99. */
    static String timestamp(double seconds, char millisSeparator) {
        long millis = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millisSeparator, millis % 1000);
    }

    /** Whether {@code next} can join the cue of {@code words} within the time and the lines. */
    private static boolean fits(List<Word> words, Word next) {
        if (next.endMs() - words.getFirst().startMs() > MAX_CUE_MS) {
            return false;
        }
        List<Word> longer = new ArrayList<>(words);
        longer.add(next);
        return lines(longer) != null;
    }

    private static Cue cue(List<Word> words) {
        List<String> lines = lines(words);
        return new Cue(words.getFirst().startMs() / 1000.0, words.getLast().endMs() / 1000.0,
                lines != null ? lines : List.of(join(words, 0, words.size())));
    }

    /**
     * The words on one line, or on two split where the longer line is shortest (lines of even
     * length read best); null if they fit on neither.
     */
    static List<String> lines(List<Word> words) {
        String all = join(words, 0, words.size());
        if (all.length() <= MAX_LINE_CHARS) {
            return List.of(all);
        }
        List<String> best = null;
        int bestLonger = Integer.MAX_VALUE;
        for (int split = 1; split < words.size(); split++) {
            String first = join(words, 0, split);
            String second = join(words, split, words.size());
            int longer = Math.max(first.length(), second.length());
            if (longer <= MAX_LINE_CHARS && longer < bestLonger) {
                best = List.of(first, second);
                bestLonger = longer;
            }
        }
        return best;
    }

    private static String join(List<Word> words, int from, int to) {
        return String.join(" ", words.subList(from, to).stream().map(Word::text).toList());
    }

    /** The segment's words, or its text's words at times interpolated by character position. */
    static List<Word> timedWords(TranscriptSegment segment) {
        if (!segment.words().isEmpty()) {
            return segment.words();
        }
        String text = segment.text().strip();
        long startMs = Math.round(segment.start() * 1000);
        long spanMs = Math.max(0, Math.round(segment.end() * 1000) - startMs);
        List<Word> words = new ArrayList<>();
        int at = 0;
        for (String token : text.split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int begin = text.indexOf(token, at);
            at = begin + token.length();
            words.add(new Word(token, startMs + spanMs * begin / Math.max(1, text.length()),
                    startMs + spanMs * at / Math.max(1, text.length())));
        }
        return words;
    }
}
