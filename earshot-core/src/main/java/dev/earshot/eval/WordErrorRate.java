package dev.earshot.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Word error rate: the word-level Levenshtein distance between a reference and a hypothesis,
 * over the reference's length.
 *
 * <p>Both sides are normalised alike, as the shared reference scorer {@code eval/wer.py} does, so
 * that the two agree to the edit: Unicode NFKC, lower case, curly apostrophes made straight, every
 * character other than a letter, digit or apostrophe made a space, apostrophes kept only inside
 * words. Numbers are not rewritten ("42" and "forty two" differ).
 */
public final class WordErrorRate {

    private WordErrorRate() {
    }

    /**
     * Edits between one reference and one hypothesis.
     *
     * @param substitutions words replaced
     * @param deletions     reference words missing from the hypothesis
     * @param insertions    hypothesis words not in the reference
     * @param referenceWords the reference's length in words
     */
    public record Score(int substitutions, int deletions, int insertions, int referenceWords) {
        public int edits() {
            return substitutions + deletions + insertions;
        }

        /** Edits over reference words; 0 for an empty reference scored against an empty hypothesis. */
        public double rate() {
            return referenceWords == 0 ? (edits() == 0 ? 0 : 1) : edits() / (double) referenceWords;
        }

        public Score plus(Score other) {
            return new Score(substitutions + other.substitutions, deletions + other.deletions,
                    insertions + other.insertions, referenceWords + other.referenceWords);
        }

        public static final Score ZERO = new Score(0, 0, 0, 0);
    }

    public static Score score(String reference, String hypothesis) {
        return align(normalize(reference), normalize(hypothesis));
    }

    /**
     * The edits of one alignment split by word class, as contextual-biasing evaluations report
     * them: an edit counts for the biased words when the reference word it touches is one (a
     * substitution or deletion) or when it inserts one; every other edit counts for the rest.
     * The two scores add up to {@link #score}'s.
     *
     * @param biased     whether a normalised word is one of the biased words
     */
    public static Split scoreSplit(String reference, String hypothesis, Predicate<String> biased) {
        List<String> ref = normalize(reference);
        List<String> hyp = normalize(hypothesis);
        int[][] cost = editTable(ref, hyp);
        // Counts per class, indexed by the constants below.
        int[] bias = new int[4];
        int[] rest = new int[4];
        int i = ref.size();
        int j = hyp.size();
        // Walks back the choices align() prefers on ties: substitution or match, deletion, insertion.
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1)) {
                int[] side = biased.test(ref.get(i - 1)) ? bias : rest;
                side[REFERENCE]++;
                if (!ref.get(i - 1).equals(hyp.get(j - 1))) {
                    side[SUBSTITUTION]++;
                }
                i--;
                j--;
            } else if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
                int[] side = biased.test(ref.get(i - 1)) ? bias : rest;
                side[REFERENCE]++;
                side[DELETION]++;
                i--;
            } else {
                (biased.test(hyp.get(j - 1)) ? bias : rest)[INSERTION]++;
                j--;
            }
        }
        return new Split(new Score(bias[SUBSTITUTION], bias[DELETION], bias[INSERTION], bias[REFERENCE]),
                new Score(rest[SUBSTITUTION], rest[DELETION], rest[INSERTION], rest[REFERENCE]));
    }

    private static final int SUBSTITUTION = 0;
    private static final int DELETION = 1;
    private static final int INSERTION = 2;
    private static final int REFERENCE = 3;

    /**
     * {@link #scoreSplit}'s result.
     *
     * @param biased the edits of the biased words over their count in the reference
     * @param rest   the other edits over the other reference words
     */
    public record Split(Score biased, Score rest) {
        public Split plus(Split other) {
            return new Split(biased.plus(other.biased), rest.plus(other.rest));
        }

        public static final Split ZERO = new Split(Score.ZERO, Score.ZERO);
    }

    /** Levenshtein distances between every prefix of {@code ref} and of {@code hyp}. */
    private static int[][] editTable(List<String> ref, List<String> hyp) {
        int[][] cost = new int[ref.size() + 1][hyp.size() + 1];
        for (int i = 0; i <= ref.size(); i++) {
            for (int j = 0; j <= hyp.size(); j++) {
                if (i == 0 || j == 0) {
                    cost[i][j] = i + j;
                } else {
                    int diagonal = cost[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                    cost[i][j] = Math.min(diagonal, Math.min(cost[i - 1][j], cost[i][j - 1]) + 1);
                }
            }
        }
        return cost;
    }

    /** The normalised words of {@code text}. */
    public static List<String> normalize(String text) {
        String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC)
                .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02bc', '\'')
                .replace('`', '\'').replace('\u00b4', '\'').toLowerCase(Locale.ROOT);
        StringBuilder cleaned = new StringBuilder(s.length());
        s.codePoints().forEach(c -> cleaned.appendCodePoint(Character.isLetterOrDigit(c) || c == '\'' ? c : ' '));
        List<String> words = new ArrayList<>();
        for (String token : cleaned.toString().trim().split("\\s+")) {
            String word = stripApostrophes(token);
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String stripApostrophes(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && token.charAt(from) == '\'') {
            from++;
        }
        while (to > from && token.charAt(to - 1) == '\'') {
            to--;
        }
        return token.substring(from, to);
    }

    /**
     * Levenshtein alignment keeping the edit kinds; ties prefer a substitution or match, then a
     * deletion, then an insertion, in the same order as the reference scorer.
     */
    static Score align(List<String> ref, List<String> hyp) {
        int m = hyp.size();
        Score[] prev = new Score[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = new Score(0, 0, j, 0);
        }
        for (int i = 1; i <= ref.size(); i++) {
            Score[] cur = new Score[m + 1];
            cur[0] = new Score(0, i, 0, 0);
            for (int j = 1; j <= m; j++) {
                Score diagonal = prev[j - 1];
                Score best = ref.get(i - 1).equals(hyp.get(j - 1)) ? diagonal
                        : new Score(diagonal.substitutions + 1, diagonal.deletions, diagonal.insertions, 0);
                Score up = prev[j];
                if (up.edits() + 1 < best.edits()) {
                    best = new Score(up.substitutions, up.deletions + 1, up.insertions, 0);
                }
                Score left = cur[j - 1];
                if (left.edits() + 1 < best.edits()) {
                    best = new Score(left.substitutions, left.deletions, left.insertions + 1, 0);
                }
                cur[j] = best;
            }
            prev = cur;
        }
        Score last = prev[m];
        return new Score(last.substitutions, last.deletions, last.insertions, ref.size());
    }
}
