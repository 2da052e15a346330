package dev.earshot.streaming;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Word;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayPolicyTest {

    private static Word w(String text, long start, long end) {
        return new Word(text, start, end);
    }

    private static List<String> texts(List<Word> words) {
        return words.stream().map(Word::text).toList();
    }

    @Test
    void commitsAWordOnlyOnceTheDelayHasPassedAfterItsEnd() {
        DelayPolicy policy = new DelayPolicy(new TargetDelay(500));
        List<Word> hyp = List.of(w("hello", 100, 400), w("there", 400, 800), w("friend", 800, 1000));
        assertThat(policy.commit(new Hypothesis(hyp, 899, false))).isEmpty();
        assertThat(texts(policy.commit(new Hypothesis(hyp, 900, false)))).containsExactly("hello");
        assertThat(texts(policy.commit(new Hypothesis(hyp, 1300, false)))).containsExactly("there");
        assertThat(texts(policy.commit(new Hypothesis(hyp, 1500, true)))).containsExactly("friend");
    }

    @Test
    void lastWordOfAPartialHypothesisWaitsForQuietAfterIt() {
        DelayPolicy policy = new DelayPolicy(new TargetDelay(0));
        List<Word> hyp = List.of(w("hello", 100, 400), w("there", 400, 800));
        assertThat(texts(policy.commit(new Hypothesis(hyp, 800, false)))).containsExactly("hello");
        // "there" may still be growing into a longer word until the engine has heard a pause after it.
        assertThat(policy.commit(new Hypothesis(hyp, 800 + DelayPolicy.LAST_WORD_QUIET_MS - 1, false))).isEmpty();
        assertThat(texts(policy.commit(new Hypothesis(hyp, 800 + DelayPolicy.LAST_WORD_QUIET_MS, false))))
                .containsExactly("there");
    }

    @Test
    void lastWordOfAPartialHypothesisAlsoWaitsForTheDelay() {
        DelayPolicy policy = new DelayPolicy(new TargetDelay(2400));
        List<Word> hyp = List.of(w("hello", 100, 400));
        assertThat(policy.commit(new Hypothesis(hyp, 2799, false))).isEmpty();
        assertThat(texts(policy.commit(new Hypothesis(hyp, 2800, false)))).containsExactly("hello");
    }

    @Test
    void neverTakesBackACommittedWordWhenTheHypothesisChanges() {
        DelayPolicy policy = new DelayPolicy(new TargetDelay(0));
        assertThat(texts(policy.commit(new Hypothesis(
                List.of(w("illness", 100, 560), w("closed", 560, 900)), 600, false)))).containsExactly("illness");
        // The engine now splits the committed audio differently: only what lies after it is new.
        List<Word> revised = List.of(w("ill", 100, 300), w("disposed", 300, 900), w("young", 900, 1200));
        assertThat(texts(policy.commit(new Hypothesis(revised, 1300, true)))).containsExactly("disposed", "young");
    }

    @Test
    void wordsAfterAnUncommittedWordWait() {
        DelayPolicy policy = new DelayPolicy(new TargetDelay(240));
        List<Word> hyp = List.of(w("a", 0, 100), w("b", 100, 900), w("c", 900, 950), w("d", 950, 1000));
        assertThat(texts(policy.commit(new Hypothesis(hyp, 1000, false)))).containsExactly("a");
    }

    @Test
    void scriptedSequenceKeepsTheInvariants() {
        int delay = 300;
        DelayPolicy policy = new DelayPolicy(new TargetDelay(delay));
        List<Hypothesis> script = List.of(
                new Hypothesis(List.of(w("the", 0, 200)), 250, false),
                new Hypothesis(List.of(w("a", 0, 200), w("cat", 200, 500)), 550, false),
                new Hypothesis(List.of(w("the", 0, 200), w("cat", 200, 500), w("sad", 500, 800)), 850, false),
                new Hypothesis(List.of(w("the", 0, 200), w("cats", 200, 550), w("sat", 550, 800), w("on", 800, 900)),
                        1200, false),
                new Hypothesis(List.of(w("the", 0, 200), w("cat", 200, 500), w("sat", 500, 800), w("on", 800, 900),
                        w("it", 900, 1000)), 1300, true));
        List<Word> all = new ArrayList<>();
        for (Hypothesis h : script) {
            List<Word> committed = policy.commit(h);
            for (Word c : committed) {
                if (!h.utteranceEnded()) {
                    assertThat(c.endMs() + delay).isLessThanOrEqualTo(h.audioMs());
                }
                if (!all.isEmpty()) {
                    assertThat(c.midMs()).isGreaterThanOrEqualTo(all.getLast().endMs());
                }
            }
            all.addAll(committed);
        }
        assertThat(texts(all)).containsExactly("a", "cat", "sat", "on", "it");
    }

    @Test
    void delayIsValidated() {
        assertThat(TargetDelay.ofNullable(null).millis()).isEqualTo(480);
        assertThatThrownBy(() -> new TargetDelay(-1)).hasMessage(
                "target_streaming_delay_ms -1 out of range: expected 0 to 10000");
        assertThatThrownBy(() -> new TargetDelay(10_001)).hasMessage(
                "target_streaming_delay_ms 10001 out of range: expected 0 to 10000");
    }
}
