package dev.earshot.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The dual-delay view's text: the slow (accurate) transcript as it stands, followed by the words
 * of the fast transcript that run ahead of it. A port of the seed's
 * {@code DualTranscriptDisplay._compute_display_texts}: words are compared normalised (outer
 * punctuation stripped, lower case) and aligned with difflib's matching blocks; the fast words
 * after the match that reaches furthest into the slow text are "ahead".
 */
final class TranscriptMerge {

    /** What to show: {@code finalText} in normal style, then {@code partialText} highlighted. */
    record Display(String finalText, String partialText) { }

    /** The characters Python's {@code word.strip(".,!?;:\"'()[]{}")} removes from both ends. */
    private static final String STRIPPED = ".,!?;:\"'()[]{}";

    private TranscriptMerge() {
    }

    static Display compute(String slowText, String fastText) {
        List<String> slowWords = words(slowText);
        List<String> fastWords = words(fastText);
        if (slowWords.isEmpty()) {
            return new Display("", (" " + fastText).stripTrailing());
        }
        List<String> slowNorm = slowWords.stream().map(TranscriptMerge::normalize).toList();
        List<String> fastNorm = fastWords.stream().map(TranscriptMerge::normalize).toList();
        int lastFastIndex = 0;
        int slowProgress = 0;
        for (SequenceMatcher.Match block : new SequenceMatcher(slowNorm, fastNorm).matchingBlocks()) {
            if (block.size() == 0) {
                continue;
            }
            int slowEnd = block.a() + block.size();
            if (slowEnd > slowProgress) {
                slowProgress = slowEnd;
                lastFastIndex = block.b() + block.size();
            }
        }
        String partial = lastFastIndex < fastWords.size()
                ? " " + String.join(" ", fastWords.subList(lastFastIndex, fastWords.size())) : "";
        return new Display(slowText, partial);
    }

    /** Python's {@code str.split()}: runs of whitespace separate, none at either end. */
    static List<String> words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
    }

    static String normalize(String word) {
        int from = 0;
        int to = word.length();
        while (from < to && STRIPPED.indexOf(word.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && STRIPPED.indexOf(word.charAt(to - 1)) >= 0) {
            to--;
        }
        return word.substring(from, to).toLowerCase(Locale.ROOT);
    }
}
