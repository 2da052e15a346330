package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;

/** The raw library's figure, from real decodes of a Debian test recording. */
class BaselineTest {

    @Test
    void rawLibraryIsMeasuredFastAndInRealTime() throws Exception {
        Recording shortest = Recording.readAll(List.of(Recording.LIBRIVOX)).stream()
                .min(Comparator.comparingDouble(Recording::seconds)).orElseThrow();

        double fast;
        double realTime;
        double wallSeconds;
        try (ModelRegistry models = Target.openModel(ModelConfig.DEFAULT_MODEL.id())) {
            SpeechEngine engine = models.require(ModelConfig.DEFAULT_MODEL.id());
            fast = Baseline.rawLibrary(engine, List.of(shortest), 100, false);
            long start = System.nanoTime();
            realTime = Baseline.rawLibrary(engine, List.of(shortest), 100, true);
            wallSeconds = (System.nanoTime() - start) / 1e9;
        }

        // A decoder that failed, or read nothing, would cost no more than loading the model.
        assertThat(fast).isFinite().isGreaterThan(0.01).isLessThan(2);
        assertThat(realTime).isFinite().isGreaterThan(0.01).isLessThan(2);
        assertThat(wallSeconds).isGreaterThanOrEqualTo(shortest.seconds() - 0.1);
    }

    @Test
    void pacerHoldsEachChunkUntilItsTime() throws InterruptedException {
        Pacer pacer = new Pacer(200);
        long start = System.nanoTime();
        pacer.awaitChunk(0);
        long first = System.nanoTime() - start;
        pacer.awaitChunk(3);
        long fourth = System.nanoTime() - start;

        assertThat(first).isLessThan(200_000_000);
        assertThat(fourth).isGreaterThanOrEqualTo(600_000_000);
    }

    @Test
    void pacerStopsWaitingWhenInterrupted() {
        Pacer pacer = new Pacer(1000);
        Thread.currentThread().interrupt();
        long start = System.nanoTime();

        assertThatThrownBy(() -> pacer.awaitChunk(60)).isInstanceOf(InterruptedException.class);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
