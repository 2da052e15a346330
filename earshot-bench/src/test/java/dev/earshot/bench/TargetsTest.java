package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class TargetsTest {

    private final StringWriter printed = new StringWriter();
    private final Report report = new Report(new PrintWriter(printed), "bench all", new Target.Remote(
            "ws://127.0.0.1:9", 0, "pocketsphinx-en-us"));

    private static StepResult step(LoadStep.Via via, double cpuPerAudioSecond) {
        Stats latency = Stats.of(List.of(40.0, 60.0, 80.0));
        return new StepResult(via, 4, 480, true, 4, 120, 30, latency, 0, latency, 0.1, 300, cpuPerAudioSecond,
                new StepResult.Rss(100, 120, 110), 0, 0, List.of(), 0, 0);
    }

    @Test
    void serverCpuWithinFivePercentOfTheCoreAloneIsMet() {
        assertThat(Targets.cpuVsCore(report, step(LoadStep.Via.CORE, 0.190), step(LoadStep.Via.SERVER, 0.208),
                step(LoadStep.Via.CORE, 0.210))).isTrue();
        assertThat(printed.toString()).contains("target.cpuVsCore: 4 streams in real time: server 0.2080 vs core "
                + "alone 0.2000 cpu_s/audio_s (0.1900 before, 0.2100 after): 1.04x (target <= 1.05x): MET");
    }

    @Test
    void serverCpuBeyondFivePercentIsMissed() {
        assertThat(Targets.cpuVsCore(report, step(LoadStep.Via.CORE, 0.200), step(LoadStep.Via.SERVER, 0.224),
                step(LoadStep.Via.CORE, 0.200))).isFalse();
        assertThat(printed.toString()).contains("1.12x (target <= 1.05x): MISSED");
    }

    @Test
    void serverCpuUnknownWithoutItsPidIsMissed() {
        assertThat(Targets.cpuVsCore(report, step(LoadStep.Via.CORE, 0.200), step(LoadStep.Via.SERVER, -1),
                step(LoadStep.Via.CORE, 0.200))).isFalse();
        assertThat(printed.toString()).contains("not measured").contains("--server-pid");
    }

    @Test
    void capacityIsComparedWithTheCoreAlone() {
        assertThat(Targets.capacityVsCore(report, 6, 6)).isTrue();
        assertThat(Targets.capacityVsCore(report, 6, 4)).isFalse();
        assertThat(printed.toString()).contains("server 6 vs core alone 6 streams").contains("(100%, target >= 90%): MET")
                .contains("server 4 vs core alone 6 streams").contains("(67%, target >= 90%): MISSED");
    }

    @Test
    void noCoreCapacityLeavesNothingToCompare() {
        assertThat(Targets.capacityVsCore(report, 0, 0)).isFalse();
        assertThat(printed.toString()).contains("no core capacity").contains("MISSED");
    }

    @Test
    void rawLibraryTargetsAreSkippedForAnEngineWithoutThatBaseline() {
        Baseline.Figures none = new Baseline.Figures(Double.NaN, Double.NaN, 0.2, 0.25, 120);
        assertThat(Targets.cpu(report, step(LoadStep.Via.SERVER, 0.3), none, Double.NaN)).isTrue();
        assertThat(Targets.capacity(report, 2, Double.NaN, Double.NaN)).isTrue();
        assertThat(printed.toString()).contains("target.cpu: " + Targets.NO_RAW_LIBRARY)
                .contains("target.capacity: " + Targets.NO_RAW_LIBRARY);
    }
}
