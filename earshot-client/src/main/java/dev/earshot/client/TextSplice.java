package dev.earshot.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the text of a resumed session onto the text the caller already has, so that the deltas
 * stay append-only and no word is said twice.
 *
 * <p>A resumed session hears the stream again from a segment's end (or the start), so it first
 * restates what was delivered since then: the segments finished after that point, then the words
 * of the segment in flight. The splice drops as many words from the start of the new session's
 * text as were delivered since that point, but never past the new session's first segment that
 * ends after the last finished one: if the new session said fewer words, the rest were already
 * delivered, and what follows is new. Words are runs of non-space characters, which holds for word
 * deltas and for token deltas that carry their leading space. Not thread-safe.
 */
final class TextSplice {

    /** A finished segment's end, in stream seconds, and the length of the text delivered then. */
    private record Cut(double seconds, int delivered) { }

    /** A segment of the new session that ends this close to the last finished one restates it:
     *  times come as decimal seconds, rounded by the server. */
    static final double SAME_END_SECONDS = 0.01;

    /** Everything delivered, in order. */
    private final StringBuilder delivered = new StringBuilder();
    /** Every finished segment in order; the first is the start of the stream. */
    private final List<Cut> cuts = new ArrayList<>(List.of(new Cut(0, 0)));
    /** Words of the resumed session still to drop. */
    private int wordsToDrop;
    /** While dropping: the new text ended inside a word, which the next delta may continue. */
    private boolean inWord;
    /** The next text delivered follows a resume and may need a space before it. */
    private boolean joining;

    /** The part of a delta of the current session that the caller has not seen; maybe empty. */
    String delta(String text) {
        int from = 0;
        while (wordsToDrop > 0 && from < text.length()) {
            if (!Character.isWhitespace(text.charAt(from))) {
                inWord = true;
            } else if (inWord) {
                inWord = false;
                if (--wordsToDrop == 0) {
                    break; // keep the space that ended the last dropped word
                }
            }
            from++;
        }
        String rest = text.substring(from);
        if (rest.isEmpty()) {
            return rest;
        }
        if (joining && !delivered.isEmpty() && !Character.isWhitespace(delivered.charAt(delivered.length() - 1))
                && !Character.isWhitespace(rest.charAt(0))) {
            rest = " " + rest;
        }
        joining = false;
        delivered.append(rest);
        return rest;
    }

    /**
     * The current session finished a segment ending at {@code endSeconds} of the stream.
     *
     * @return false if it restates a segment the caller already has
     */
    boolean segmentEnded(double endSeconds) {
        if (endSeconds <= cuts.getLast().seconds() + SAME_END_SECONDS) {
            return false;
        }
        wordsToDrop = 0;
        inWord = false;
        cuts.add(new Cut(endSeconds, delivered.length()));
        return true;
    }

    /** A new session starts at {@code fromSeconds} of the stream: a segment's end, or the start. */
    void resumed(double fromSeconds) {
        int from = 0;
        for (Cut cut : cuts) {
            if (cut.seconds() <= fromSeconds + SAME_END_SECONDS) {
                from = cut.delivered();
            }
        }
        wordsToDrop = countWords(delivered, from);
        inWord = false;
        joining = true;
    }

    /** Everything delivered. */
    String text() {
        return delivered.toString();
    }

    private static int countWords(CharSequence text, int from) {
        int words = 0;
        boolean in = false;
        for (int i = from; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !in) {
                words++;
            }
            in = !space;
        }
        return words;
    }
}
