package dev.earshot.engine.whisper;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.earshot.engine.Word;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit policy of re-decoding engines, fed scripted decodes instead of a model. */
class LocalAgreementTest {

    private static final long DELAY = 1_000;
    private final LocalAgreement policy = new LocalAgreement(DELAY, LocalAgreement.MAX_WINDOW_MS - 1_000);

    /** Words of 400 ms each, one after the other from {@code startMs}. */
    private static List<Word> words(long startMs, String text) {
        List<Word> words = new ArrayList<>();
        long t = startMs;
        for (String w : text.split(" ")) {
            words.add(new Word(" " + w, t, t + 400));
            t += 400;
        }
        return words;
    }

    private static LocalAgreement.Decode decode(long audioEndMs, List<Word> words, Long... segmentEnds) {
        return new LocalAgreement.Decode(words, List.of(segmentEnds), audioEndMs);
    }

    private static String text(List<Word> words) {
        return String.join("", words.stream().map(Word::text).toList());
    }

    @Test
    void commitsOnlyWhatTwoDecodesAgreeOnOnceItIsDelayOld() {
        assertThat(policy.step(decode(1_200, words(0, "ask not what"))).committed()).isEmpty();
        // Agreed, but only "ask" (ends at 400) is 1,000 ms older than the audio's end.
        assertThat(text(policy.step(decode(1_500, words(0, "ask not what your"))).committed())).isEqualTo(" ask");
        assertThat(text(policy.step(decode(3_000, words(0, "ask not what your country"))).committed()))
                .isEqualTo(" not what your");
    }

    @Test
    void aRevisedWordIsNotCommittedUntilTheRevisionIsAgreedOn() {
        policy.step(decode(3_000, words(0, "ask knot")));
        assertThat(text(policy.step(decode(3_200, words(0, "ask not what"))).committed())).isEqualTo(" ask");
        // "not" replaced "knot": only now have two decodes in a row said "not".
        assertThat(text(policy.step(decode(3_400, words(0, "ask not what"))).committed())).isEqualTo(" not what");
        assertThat(policy.committed()).extracting(Word::text).containsExactly(" ask", " not", " what");
    }

    @Test
    void restatedCommittedWordsAreSkippedAndCaseOrPunctuationDoNotBreakAgreement() {
        policy.step(decode(3_000, words(0, "ask not")));
        policy.step(decode(3_000, words(0, "ask not")));
        // The window still holds the committed audio; Whisper says it again, with other times.
        List<Word> again = new ArrayList<>(words(0, "Ask not what"));
        again.set(2, new Word(" what,", 900, 1_300));
        policy.step(decode(3_200, again));
        List<Word> committed = policy.step(decode(3_400, words(100, "ask not what"))).committed();
        assertThat(text(committed)).isEqualTo(" what");
    }

    @Test
    void silenceDropsAudioAndEndsTheUtteranceAfterCommittedWords() {
        policy.step(decode(2_000, words(0, "ask not")));
        LocalAgreement.Step step = policy.step(decode(4_000, words(0, "ask not")));
        assertThat(text(step.committed())).isEqualTo(" ask not");
        assertThat(step.windowStartMs()).isEqualTo(3_000);
        assertThat(step.segmentEnded()).isTrue();
        LocalAgreement.Step quiet = policy.step(decode(6_000, List.of()));
        assertThat(quiet.committed()).isEmpty();
        assertThat(quiet.windowStartMs()).isEqualTo(5_000);
        assertThat(quiet.segmentEnded()).as("no words since the last end").isFalse();
    }

    @Test
    void atFifteenSecondsTheWindowIsCutAtTheLastCommittedSegmentEnd() {
        List<Word> speech = words(0, "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm");
        policy.step(decode(15_600, speech.subList(0, 38), 6_000L, 12_000L));
        LocalAgreement.Step step = policy.step(decode(15_600, speech.subList(0, 38), 6_000L, 12_000L));
        assertThat(step.committed()).hasSize(36);
        assertThat(step.windowStartMs()).isEqualTo(12_000);
        assertThat(step.segmentEnded()).isTrue();
    }

    @Test
    void aWindowAboutToPassThirtySecondsCommitsWhatIsOldEnoughWithoutAgreement() {
        List<Word> first = words(0, "one two three");
        policy.step(decode(10_000, first));
        // Whisper keeps changing its mind: no two decodes agree, and the window grows.
        policy.step(decode(20_000, words(0, "won too three")));
        LocalAgreement.Step step = policy.step(decode(29_200, words(0, "one to tree four")));
        assertThat(text(step.committed())).isEqualTo(" one to tree four");
        assertThat(step.windowStartMs()).isEqualTo(1_600);
        assertThat(step.segmentEnded()).isTrue();
        assertThat(policy.windowStartMs()).isLessThanOrEqualTo(29_200 - 1_000);
    }

    @Test
    void aThirtySecondWindowOfUnripeWordsDropsHalfOfIt() {
        LocalAgreement.Step step = policy.step(decode(29_200, words(28_500, "mumble")));
        assertThat(step.committed()).isEmpty();
        assertThat(step.windowStartMs()).isEqualTo(29_200 - 29_000 / 2);
        assertThat(new LocalAgreement(DELAY, 29_000).step(decode(29_200, List.of())).windowStartMs())
                .as("silence keeps its last second").isEqualTo(28_200);
    }

    @Test
    void theEndOfTheStreamCommitsTheLastDecodeWhole() {
        policy.step(decode(2_000, words(0, "ask not what your")));
        policy.step(decode(2_100, words(0, "ask not what your country")));
        LocalAgreement.Step end = policy.finish(2_100);
        assertThat(text(policy.committed())).isEqualTo(" ask not what your country");
        assertThat(end.segmentEnded()).isTrue();
        assertThat(end.windowStartMs()).isEqualTo(2_100);
        assertThat(policy.finish(2_100).committed()).as("nothing left").isEmpty();
    }
}
