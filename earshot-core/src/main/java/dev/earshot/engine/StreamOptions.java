package dev.earshot.engine;

import java.util.List;
import java.util.Objects;

/**
 * How a stream wants to be recognised. An engine that cannot honour an option refuses the
 * recognizer with a one-line {@link IllegalArgumentException} rather than ignoring it.
 *
 * @param targetDelayMs how long after a word's end its consumer first needs it: an engine may
 *                      save work by forming partial hypotheses only once an utterance is about
 *                      that old; 0 asks for them all the time
 * @param language      the expected language as an ISO 639-1 code, or null for the engine's
 *                      default or its own detection
 * @param biasPhrases   words and phrases to favour (names, jargon); empty for none
 * @param turnSilenceMs the silence that ends an utterance, or null for the engine's own
 */
public record StreamOptions(int targetDelayMs, String language, List<String> biasPhrases, Integer turnSilenceMs) {

    public StreamOptions {
        if (targetDelayMs < 0) {
            throw new IllegalArgumentException("target delay must be at least 0 ms, found " + targetDelayMs);
        }
        biasPhrases = List.copyOf(Objects.requireNonNull(biasPhrases, "biasPhrases"));
        if (turnSilenceMs != null && turnSilenceMs <= 0) {
            throw new IllegalArgumentException("turn silence must be positive, found " + turnSilenceMs + " ms");
        }
    }

    /** The given delay and the engine's defaults for everything else. */
    public static StreamOptions ofDelay(int targetDelayMs) {
        return new StreamOptions(targetDelayMs, null, List.of(), null);
    }
}
