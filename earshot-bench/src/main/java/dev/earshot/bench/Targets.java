package dev.earshot.bench;

import java.util.Locale;

/**
 * The figures the server must reach, checked and reported: against the core alone in the same run
 * (issue 12: CPU per audio second and capacity), and, for pocketsphinx, against the raw library
 * (issue 5).
 */
final class Targets {

    static final double LOAD_P95_MS = 100;
    static final double LOAD_P99_MS = 250;
    static final double CAPACITY_SHARE_OF_ENGINE_LIMIT = 0.8;
    static final double CPU_RATIO_TO_RAW_LIBRARY = 1.15;
    static final double CPU_RATIO_TO_CORE = 1.05;
    static final double CAPACITY_SHARE_OF_CORE = 0.9;
    /** What a raw-library target reports for an engine without that baseline (Whisper). */
    static final String NO_RAW_LIBRARY = "not checked: the raw library baseline is pocketsphinx_continuous, "
            + "which is not this engine";

    private Targets() {
    }

    /** p95 ≤ 100 ms, p99 ≤ 250 ms, no errors or unexpected closes. */
    static boolean load(Report report, StepResult s) {
        boolean met = s.errors() == 0 && s.unexpectedCloses() == 0 && s.latencyBeyondDelayMs().p95() <= LOAD_P95_MS
                && s.latencyBeyondDelayMs().p99() <= LOAD_P99_MS;
        report.put("target.load" + s.streams(), String.format(Locale.ROOT,
                "p95 %.0f ms (<= %.0f), p99 %.0f ms (<= %.0f), errors %d, unexpected closes %d: %s",
                s.latencyBeyondDelayMs().p95(), LOAD_P95_MS, s.latencyBeyondDelayMs().p99(), LOAD_P99_MS, s.errors(),
                s.unexpectedCloses(), met ? "MET" : "MISSED"));
        return met;
    }

    /**
     * Not a target: how much later words arrive over the server than through the core alone, the
     * same streams one step after the other, so that a miss can be told from the machine's own limit.
     */
    static void serverAdds(Report report, StepResult core, StepResult server) {
        Stats c = core.latencyBeyondDelayMs();
        Stats s = server.latencyBeyondDelayMs();
        report.put("serverAdds" + server.streams(), String.format(Locale.ROOT,
                "p50 %+.0f, p95 %+.0f, p99 %+.0f ms (core alone %.0f/%.0f/%.0f, over the server %.0f/%.0f/%.0f; "
                        + "CPU s per audio s %.3f and %.3f)",
                s.p50() - c.p50(), s.p95() - c.p95(), s.p99() - c.p99(), c.p50(), c.p95(), c.p99(), s.p50(), s.p95(),
                s.p99(), core.cpuSecondsPerAudioSecond(), server.cpuSecondsPerAudioSecond()));
    }

    /**
     * Capacity ≥ 80% of the engine's limit: cores ÷ the raw library's CPU per audio second at the
     * same pacing, the mean of its figures before and after the capacity search.
     */
    static boolean capacity(Report report, int capacity, double rawBefore, double rawAfter) {
        if (Double.isNaN(rawBefore) || Double.isNaN(rawAfter)) {
            report.put("target.capacity", NO_RAW_LIBRARY);
            return true;
        }
        double limit = Measurements.engineLimit((rawBefore + rawAfter) / 2);
        boolean met = capacity >= CAPACITY_SHARE_OF_ENGINE_LIMIT * limit;
        report.put("target.capacity", String.format(Locale.ROOT,
                "%d streams vs engine limit %.1f (%.0f%%, target >= 80%%; limit %.1f by the raw library's figure "
                        + "before the search, %.1f by the one after): %s",
                capacity, limit, 100 * capacity / limit, Measurements.engineLimit(rawBefore),
                Measurements.engineLimit(rawAfter), met ? "MET" : "MISSED"));
        return met;
    }

    /**
     * The server path's CPU per audio second ≤ 1.15× the raw library's, fed at the same pace as the
     * step, the mean of its figures right before and right after the step.
     */
    static boolean cpu(Report report, StepResult s, Baseline.Figures base, double rawAfter) {
        double rawBefore = base.rawLibrary(s.realTime());
        if (Double.isNaN(rawBefore) || Double.isNaN(rawAfter)) {
            report.put("target.cpu", NO_RAW_LIBRARY);
            return true;
        }
        double raw = (rawBefore + rawAfter) / 2;
        double ratio = s.cpuSecondsPerAudioSecond() / raw;
        boolean met = ratio <= CPU_RATIO_TO_RAW_LIBRARY;
        report.put("target.cpu", String.format(Locale.ROOT,
                "server path %.4f vs raw library %.4f cpu_s/audio_s (%.4f before, %.4f after), both %s "
                        + "(in-process core %.4f; raw library %s %.4f): %.2fx (target <= %.2fx): %s",
                s.cpuSecondsPerAudioSecond(), raw, rawBefore, rawAfter,
                s.realTime() ? "in real time" : "as fast as they go", base.inProcess(s.realTime()),
                s.realTime() ? "as fast as it goes" : "in real time", base.rawLibrary(!s.realTime()), ratio,
                CPU_RATIO_TO_RAW_LIBRARY, met ? "MET" : "MISSED"));
        return met;
    }

    /**
     * The server's CPU per audio second ≤ 1.05× the core alone's, the same streams through the
     * core right before and right after the server's step in one run: the machine's speed drifts
     * between one-minute steps, so the server is compared with the mean of the two, as the raw
     * library is. Over a {@code --server} without {@code --server-pid} the server's CPU is
     * unknown, and the target is missed.
     */
    static boolean cpuVsCore(Report report, StepResult coreBefore, StepResult server, StepResult coreAfter) {
        double before = coreBefore.cpuSecondsPerAudioSecond();
        double after = coreAfter.cpuSecondsPerAudioSecond();
        double c = (before + after) / 2;
        double s = server.cpuSecondsPerAudioSecond();
        if (before <= 0 || after <= 0 || s <= 0) {
            report.put("target.cpuVsCore", String.format(Locale.ROOT, "not measured (server %.4f, core alone %.4f "
                    + "and %.4f cpu_s/audio_s; a --server needs --server-pid): MISSED", s, before, after));
            return false;
        }
        double ratio = s / c;
        boolean met = ratio <= CPU_RATIO_TO_CORE;
        report.put("target.cpuVsCore", String.format(Locale.ROOT,
                "%d streams %s: server %.4f vs core alone %.4f cpu_s/audio_s (%.4f before, %.4f after): %.2fx "
                        + "(target <= %.2fx): %s",
                server.streams(), server.realTime() ? "in real time" : "as fast as they go", s, c, before, after,
                ratio, CPU_RATIO_TO_CORE, met ? "MET" : "MISSED"));
        return met;
    }

    /**
     * The server's capacity (p95 beyond the delay under 100 ms, no errors) ≥ 90% of the core
     * alone's, both searched in the same run over {@link Measurements#CAPACITY_STEPS}; a core
     * that carries no stream leaves nothing to compare, and the target is missed.
     */
    static boolean capacityVsCore(Report report, int core, int server) {
        boolean met = core > 0 && server >= CAPACITY_SHARE_OF_CORE * core;
        report.put("target.capacityVsCore", String.format(Locale.ROOT,
                "server %d vs core alone %d streams at p95 < %.0f ms beyond the delay (%s, target >= %.0f%%): %s",
                server, core, Measurements.CAPACITY_P95_LIMIT_MS,
                core > 0 ? String.format(Locale.ROOT, "%.0f%%", 100.0 * server / core) : "no core capacity",
                100 * CAPACITY_SHARE_OF_CORE, met ? "MET" : "MISSED"));
        return met;
    }
}
