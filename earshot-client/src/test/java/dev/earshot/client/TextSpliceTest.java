package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextSpliceTest {

    private final TextSplice splice = new TextSplice();

    @Test
    void withoutResumeEveryDeltaPassesUnchanged() {
        assertThat(splice.delta("the cat")).isEqualTo("the cat");
        assertThat(splice.segmentEnded(1.0)).isTrue();
        assertThat(splice.delta(" sat")).isEqualTo(" sat");
        assertThat(splice.text()).isEqualTo("the cat sat");
    }

    @Test
    void resumeAtASegmentEndDropsTheWordsOfTheSegmentInFlight() {
        splice.delta("the cat");
        splice.segmentEnded(1.0);
        splice.delta(" sat on");
        splice.resumed(1.0);
        // The new session restates "sat on", then goes on; its first delta has no leading space.
        assertThat(splice.delta("sat")).isEmpty();
        assertThat(splice.delta(" on")).isEmpty();
        assertThat(splice.delta(" the mat")).isEqualTo(" the mat");
        assertThat(splice.text()).isEqualTo("the cat sat on the mat");
    }

    @Test
    void resumeFromTheStartDropsEveryDeliveredWordAndItsRestatedSegments() {
        splice.delta("the cat");
        splice.segmentEnded(1.0);
        splice.delta(" sat");
        splice.resumed(0);
        assertThat(splice.delta("the cat")).isEmpty();
        assertThat(splice.segmentEnded(1.0)).as("restates a segment the caller has").isFalse();
        assertThat(splice.delta(" sat on")).isEqualTo(" on");
        assertThat(splice.segmentEnded(2.0)).isTrue();
        assertThat(splice.text()).isEqualTo("the cat sat on");
    }

    @Test
    void aWordSplitAcrossTokenDeltasIsDroppedWhole() {
        splice.delta("hel");
        splice.delta("lo");
        splice.resumed(0);
        assertThat(splice.delta("hel")).isEmpty();
        assertThat(splice.delta("lo")).isEmpty();
        assertThat(splice.delta(" world")).isEqualTo(" world");
    }

    @Test
    void dropStopsAtTheFirstNewSegmentWhenTheNewSessionSaidFewerWords() {
        splice.delta("one two three");
        splice.resumed(0);
        assertThat(splice.delta("one two")).isEmpty();
        assertThat(splice.segmentEnded(1.5)).isTrue();
        assertThat(splice.delta(" four")).isEqualTo(" four");
        assertThat(splice.text()).isEqualTo("one two three four");
    }

    @Test
    void nothingDeliveredBeforeTheResumeNeedsNoSpace() {
        splice.resumed(0);
        assertThat(splice.delta("hello")).isEqualTo("hello");
    }

    @Test
    void textAfterAResumeAtAWordBoundaryGetsItsSpace() {
        splice.delta("the cat");
        splice.segmentEnded(1.0);
        splice.resumed(1.0);
        assertThat(splice.delta("sat")).isEqualTo(" sat");
    }
}
