package dev.earshot.engine;

import java.util.List;

/**
 * What the engine believes was said in the utterance in progress, at one point of the stream.
 *
 * <p>A partial hypothesis ({@code utteranceEnded == false}) may still change: later audio can
 * replace, add or remove any of its words. A final one ({@code utteranceEnded == true}) is the
 * engine's last word on that utterance; the next hypothesis belongs to a new utterance.
 *
 * @param words          the words in order, possibly empty
 * @param audioMs        how much audio the engine had consumed when it formed this hypothesis
 * @param utteranceEnded whether the utterance ended here (silence, a flush or the end of the stream)
 * @param language       the language the engine detected, as an ISO 639-1 code; null if it does
 *                       not detect one
 */
public record Hypothesis(List<Word> words, long audioMs, boolean utteranceEnded, String language) {
    public Hypothesis {
        words = List.copyOf(words);
    }

    /** A hypothesis with no detected language. */
    public Hypothesis(List<Word> words, long audioMs, boolean utteranceEnded) {
        this(words, audioMs, utteranceEnded, null);
    }
}
