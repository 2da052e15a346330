package dev.earshot.engine.pocketsphinx;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A session's bias phrases as a small n-gram model, which {@link Decoder#searchBiased} adds to the
 * worker's language model.
 *
 * <p>The two models' scores are added as probabilities after each has been raised to the language
 * weight ({@code -lw}, 6.5), so a word scores about as well as the better of the two models puts it:
 * the bias model only ever raises a word. Every bias word gets {@link #WORD_PROBABILITY} in any
 * context, which is how likely a fairly common word is (the US English model puts "people" and
 * "house" near 1e-3 and 1e-4), and within a phrase each next word gets {@link #PHRASE_PROBABILITY}
 * after the one before. A word the base model already expects more stays as it was; words outside
 * the phrases are not touched at all.
 */
record BiasModel(List<List<String>> phrases) {

    /** At most this many words over all phrases: each costs a line in a model read on the worker. */
    static final int MAX_WORDS = 1000;
    static final double WORD_PROBABILITY = 1e-3;
    static final double PHRASE_PROBABILITY = 0.1;
    /** ARPA's log10 of zero: {@code <s>} and {@code </s>} must exist but gain nothing here. */
    private static final String LOG_ZERO = "-99";

    BiasModel {
        phrases = phrases.stream().map(List::copyOf).toList();
    }

    /**
     * Splits phrases into dictionary-style words: lower case, split at white space, with the
     * punctuation around each word dropped (an apostrophe or hyphen inside a word stays, as in
     * "o'brien").
     *
     * @throws IllegalArgumentException for more than {@link #MAX_WORDS} words in all
     */
    static BiasModel of(List<String> phrases) {
        List<List<String>> out = new ArrayList<>();
        int count = 0;
        for (String phrase : phrases) {
            List<String> words = new ArrayList<>();
            for (String token : phrase.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
                String word = trimPunctuation(token);
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
            count += words.size();
            if (!words.isEmpty()) {
                out.add(words);
            }
        }
        if (count > MAX_WORDS) {
            throw new IllegalArgumentException("context_bias has " + count + " words: expected at most " + MAX_WORDS);
        }
        return new BiasModel(out);
    }

    private static String trimPunctuation(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && !Character.isLetterOrDigit(token.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(token.charAt(to - 1))) {
            to--;
        }
        return token.substring(from, to);
    }

    boolean isEmpty() {
        return phrases.isEmpty();
    }

    /** The distinct words, in the order they first appear. */
    Set<String> words() {
        Set<String> words = new LinkedHashSet<>();
        phrases.forEach(words::addAll);
        return words;
    }

    /**
     * @throws IllegalArgumentException naming every word {@code known} refuses
     */
    void requireWords(Predicate<String> known, String dictionaryName) {
        List<String> missing = words().stream().filter(known.negate()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("context_bias words not in the " + dictionaryName + " dictionary: "
                    + String.join(", ", missing));
        }
    }

    /** The model in ARPA text, the format {@code ngram_model_read} takes. */
    String arpa() {
        Set<String> unigrams = words();
        Set<String> bigrams = new LinkedHashSet<>();
        for (List<String> phrase : phrases) {
            for (int i = 1; i < phrase.size(); i++) {
                bigrams.add(phrase.get(i - 1) + " " + phrase.get(i));
            }
        }
        String word = String.format(Locale.ROOT, "%.4f", Math.log10(WORD_PROBABILITY));
        String next = String.format(Locale.ROOT, "%.4f", Math.log10(PHRASE_PROBABILITY));
        // Backoff weights of 1 (log10 0): a bias word keeps its probability after any word.
        String backoff = bigrams.isEmpty() ? "" : "\t0";
        StringBuilder arpa = new StringBuilder("\\data\\\n");
        arpa.append("ngram 1=").append(unigrams.size() + 2).append('\n');
        if (!bigrams.isEmpty()) {
            arpa.append("ngram 2=").append(bigrams.size()).append('\n');
        }
        arpa.append("\n\\1-grams:\n");
        arpa.append(LOG_ZERO).append("\t<s>").append(backoff).append('\n');
        arpa.append(LOG_ZERO).append("\t</s>\n");
        unigrams.forEach(w -> arpa.append(word).append('\t').append(w).append(backoff).append('\n'));
        if (!bigrams.isEmpty()) {
            arpa.append("\n\\2-grams:\n");
            bigrams.forEach(b -> arpa.append(next).append('\t').append(b).append('\n'));
        }
        return arpa.append("\n\\end\\\n").toString();
    }
}
