package dev.earshot.engine;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The books behind the engine lifecycle; both engines run the same through the conformance suite. */
class OpenStreamsTest {

    private final List<String> happened = new ArrayList<>();
    private final OpenStreams streams = new OpenStreams("m");

    @Test
    void countsEachStreamDownOnce() {
        OpenStreams.Stream a = streams.open();
        OpenStreams.Stream b = streams.open();
        assertThat(streams.count()).isEqualTo(2);
        a.close();
        a.close();
        assertThat(streams.count()).isEqualTo(1);
        assertThatCode(a::requireUsable).doesNotThrowAnyException();
        b.close();
        assertThat(streams.count()).isZero();
    }

    @Test
    void closingWithNoStreamReleasesAtOnceAndOnlyOnce() {
        assertThat(streams.close(() -> happened.add("released"))).isTrue();
        assertThat(streams.close(() -> happened.add("again"))).isFalse();
        assertThat(happened).containsExactly("released");
        assertThatThrownBy(streams::open).isInstanceOf(EngineException.class).hasMessage("model m is closed");
        assertThat(streams.count()).isZero();
    }

    @Test
    void closingUnderOpenStreamsAbortsThemAndReleasesAtTheLastClose() {
        OpenStreams.Stream a = streams.open();
        OpenStreams.Stream b = streams.open();
        a.onAbort(() -> happened.add("a aborted"));
        OpenStreams.Stream closedBefore = streams.open();
        closedBefore.onAbort(() -> happened.add("closed stream aborted"));
        closedBefore.close();
        streams.close(() -> happened.add("released"));
        assertThat(happened).containsExactly("a aborted");
        assertThatThrownBy(a::requireUsable).isInstanceOf(EngineException.class).hasMessage("model m was closed");
        b.onAbort(() -> happened.add("b aborted at once"));
        a.close();
        assertThat(streams.count()).isEqualTo(1);
        assertThat(happened).containsExactly("a aborted", "b aborted at once");
        b.close();
        b.close();
        assertThat(happened).containsExactly("a aborted", "b aborted at once", "released");
        assertThat(streams.count()).isZero();
    }
}
