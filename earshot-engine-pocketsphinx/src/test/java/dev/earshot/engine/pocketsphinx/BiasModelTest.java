package dev.earshot.engine.pocketsphinx;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BiasModelTest {

    @Test
    void phrasesBecomeLowerCaseWordsWithoutTheirPunctuation() {
        BiasModel model = BiasModel.of(List.of("  Mister John Dashwood, ", "O'Brien", "\"Norland\"", " "));

        assertThat(model.phrases()).containsExactly(List.of("mister", "john", "dashwood"), List.of("o'brien"),
                List.of("norland"));
        assertThat(model.words()).containsExactly("mister", "john", "dashwood", "o'brien", "norland");
    }

    @Test
    void arpaHasEveryWordOnceAndEachPhrasesPairs() {
        String arpa = BiasModel.of(List.of("John Dashwood", "john dashwood", "Norland")).arpa();

        assertThat(arpa).isEqualTo("""
                \\data\\
                ngram 1=5
                ngram 2=1

                \\1-grams:
                -99\t<s>\t0
                -99\t</s>
                -3.0000\tjohn\t0
                -3.0000\tdashwood\t0
                -3.0000\tnorland\t0

                \\2-grams:
                -1.0000\tjohn dashwood

                \\end\\
                """);
    }

    @Test
    void singleWordsNeedNoBigramSection() {
        assertThat(BiasModel.of(List.of("Norland")).arpa()).doesNotContain("2-grams").contains("-3.0000\tnorland\n");
    }

    @Test
    void missingWordsAreNamedTogether() {
        BiasModel model = BiasModel.of(List.of("John Qzx", "Vvv"));

        assertThatThrownBy(() -> model.requireWords(Set.of("john")::contains, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context_bias words not in the test dictionary: qzx, vvv");
    }

    @Test
    void tooManyWordsAreRefusedWithTheCount() {
        List<String> phrases = java.util.Collections.nCopies(BiasModel.MAX_WORDS + 1, "word");

        assertThatThrownBy(() -> BiasModel.of(phrases)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context_bias has 1001 words: expected at most 1000");
    }
}
