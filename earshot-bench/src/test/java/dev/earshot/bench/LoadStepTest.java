package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.earshot.models.ModelConfig;
import dev.earshot.server.ServerConfig;

/**
 * A load step over a real server on port 0 and the same step through the core alone, with a
 * Debian test recording, as fast as they go.
 */
class LoadStepTest {

    private static Target target;
    private static LoadStep step;

    @BeforeAll
    static void startServer() throws Exception {
        Recording shortest = Recording.readAll(List.of(Recording.LIBRIVOX)).stream()
                .min(Comparator.comparingDouble(Recording::seconds)).orElseThrow();
        target = Target.inProcess(8, ModelConfig.SEED_MODEL_ID);
        step = new LoadStep(target, new References(target.engine(), 100), List.of(shortest),
                ServerConfig.SEED_MODEL_ID, null, 100);
    }

    @AfterAll
    static void stopServer() {
        target.close();
    }

    @Test
    void theServerAndTheCoreAloneGiveTheSameWordsEachTimed() throws InterruptedException {
        StepResult server = step.run(LoadStep.Via.SERVER, 2, 480, false, 1);
        StepResult core = step.run(LoadStep.Via.CORE, 2, 480, false, 1);

        for (StepResult r : List.of(server, core)) {
            assertThat(r.sessions()).isEqualTo(2);
            assertThat(r.errors()).isZero();
            assertThat(r.unexpectedCloses()).isZero();
            assertThat(r.latencyFromReferencePercent()).isEqualTo(100);
            assertThat(r.recognizersAfter()).isEqualTo(r.recognizersBefore());
            assertThat(r.cpuSecondsPerAudioSecond()).isGreaterThan(0);
            assertThat(r.firstTextMs().count()).isEqualTo(2);
        }
        assertThat(server.via()).isEqualTo(LoadStep.Via.SERVER);
        assertThat(core.via()).isEqualTo(LoadStep.Via.CORE);
        assertThat(core.latencyBeyondDelayMs().count()).isEqualTo(server.latencyBeyondDelayMs().count())
                .isGreaterThan(2);
        assertThat(core.wer()).isEqualTo(server.wer());
        assertThat(core.wer()).isLessThan(1);
    }
}
