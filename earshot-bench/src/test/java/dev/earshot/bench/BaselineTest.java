package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}
