package dev.earshot.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordErrorRateTest {

    @Test
    void normalizesLikeTheReferenceScorer() {
        assertThat(WordErrorRate.normalize("Don\u2019t  STOP, 'tis the dogs' -- end!"))
                .containsExactly("don't", "stop", "tis", "the", "dogs", "end");
    }

    @Test
    void countsEachKindOfEdit() {
        WordErrorRate.Score s = WordErrorRate.score("the cat sat on the mat", "the bat sat the mat down");
        assertThat(s.substitutions()).isEqualTo(1);
        assertThat(s.deletions()).isEqualTo(1);
        assertThat(s.insertions()).isEqualTo(1);
        assertThat(s.referenceWords()).isEqualTo(6);
        assertThat(s.rate()).isEqualTo(0.5);
    }

    @Test
    void perfectAndEmptyHypotheses() {
        assertThat(WordErrorRate.score("one two three", "One, two; three.").edits()).isZero();
        assertThat(WordErrorRate.score("one two three", "").deletions()).isEqualTo(3);
        assertThat(WordErrorRate.score("", "").rate()).isZero();
        assertThat(WordErrorRate.score("", "word").rate()).isEqualTo(1);
    }

    @Test
    void totalsAddUp() {
        WordErrorRate.Score total = WordErrorRate.score("a b", "a c").plus(WordErrorRate.score("d e f g", "d e f g"));
        assertThat(total.edits()).isEqualTo(1);
        assertThat(total.rate()).isEqualTo(1 / 6.0);
    }

    @Test
    void splitsTheEditsBetweenBiasedWordsAndTheRest() {
        WordErrorRate.Split split = WordErrorRate.scoreSplit("mister dashwood sat on the mat",
                "mister dash sat the mat dashwood", java.util.Set.of("dashwood", "mat")::contains);

        // "dashwood" became "dash" and "dashwood" was inserted at the end: both count for the biased
        // words; "on" deleted counts for the rest.
        assertThat(split.biased()).isEqualTo(new WordErrorRate.Score(1, 0, 1, 2));
        assertThat(split.rest()).isEqualTo(new WordErrorRate.Score(0, 1, 0, 4));
        assertThat(split.biased().plus(split.rest()).edits())
                .isEqualTo(WordErrorRate.score("mister dashwood sat on the mat", "mister dash sat the mat dashwood").edits());
    }

    @Test
    void aSplitWithNothingBiasedIsTheWholeScore() {
        WordErrorRate.Split split = WordErrorRate.scoreSplit("the cat sat on the mat", "the bat sat the mat down",
                word -> false);

        assertThat(split.biased()).isEqualTo(WordErrorRate.Score.ZERO);
        assertThat(split.rest()).isEqualTo(WordErrorRate.score("the cat sat on the mat", "the bat sat the mat down"));
    }
}
