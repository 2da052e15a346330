package dev.earshot.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The {@code context_bias} of a {@code session.update} (Voxtral Mini Transcribe Realtime 3):
 * words the transcript should favour, given either as key phrases or as a description of the
 * recording. Which of the two a model can use is the server's decision.
 */
public sealed interface ContextBias {

    /**
     * The most words a key phrase has: names, places and terms ("Voxtral Mini Transcribe
     * Realtime") fit, while a longer value reads as a sentence describing the recording, which
     * the PocketSphinx engine would turn into a boost of its every word, "a" and "of" included.
     */
    int MAX_PHRASE_WORDS = 6;

    /** The words of {@code phrase}, as separated by white space. */
    static int words(String phrase) {
        String trimmed = phrase.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    /**
     * A JSON array of key phrases; a phrase may have several words.
     *
     * @param phrases the phrases as sent, in order; never null, elements never null
     */
    record Phrases(List<String> phrases) implements ContextBias {
        /** Copies the list; throws {@link NullPointerException} for a null list or element. */
        public Phrases {
            phrases = List.copyOf(phrases);
        }
    }

    /**
     * A JSON string: free text describing the recording.
     *
     * @param text the description as sent; never null
     */
    record Description(String text) implements ContextBias {
        /** Throws {@link NullPointerException} if {@code text} is null. */
        public Description {
            Objects.requireNonNull(text, "text");
        }
    }
}
