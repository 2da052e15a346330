package dev.earshot.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.earshot.engine.SpeechEngine;

/**
 * The measurements the subcommands combine, each adding to one {@link Report}, so that ratios
 * come from one run on one machine state.
 */
final class Measurements {

    /** The capacity criterion: p95 latency beyond the delay under this, with no errors. */
    static final double CAPACITY_P95_LIMIT_MS = 100;
    /** Stream counts tried in turn by the capacity search; it stops at the first that fails. */
    static final int[] CAPACITY_STEPS = {1, 2, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 64};

    private final BenchOptions options;
    private final Target target;
    private final List<Recording> recordings;
    private final LoadStep step;
    private final Report report;

    Measurements(BenchOptions options, Target target, List<Recording> recordings, Report report) {
        this.options = options;
        this.target = target;
        this.recordings = recordings;
        this.step = options.loadStep(target, recordings);
        this.report = report;
        double audio = recordings.stream().mapToDouble(Recording::seconds).sum();
        report.put("recordings", recordings.size() + " (" + String.format("%.1f", audio) + " s of audio) from " + options.sets);
        report.put("chunkMs", options.chunkMs);
    }

    /**
     * One stream, then {@code streams} at once, as fast as possible and unrecorded: JIT and decoder
     * pools warm up, the server's and, if {@code core}, this process's engine (the same one when
     * the server runs in process).
     */
    void warmUp(int delayMs, int streams, boolean core) throws InterruptedException {
        for (LoadStep.Via via : core ? LoadStep.Via.values() : new LoadStep.Via[] {LoadStep.Via.SERVER}) {
            step.run(via, 1, delayMs, false, 1);
            step.run(via, streams, delayMs, false, 1);
        }
    }

    /**
     * The raw library's and the in-process core's CPU per audio second, fast and in real time, and
     * the engine's limit: cores over the raw library's figure at the bench's pacing.
     */
    Baseline.Figures baseline(int delayMs) throws IOException, InterruptedException {
        int chunkMs = options.chunkMs;
        SpeechEngine engine = target.engine();
        Baseline.Figures figures = new Baseline.Figures(
                Baseline.rawLibrary(engine, recordings, chunkMs, false),
                Baseline.rawLibrary(engine, recordings, chunkMs, true),
                Baseline.inProcess(engine, recordings, delayMs, chunkMs, false),
                Baseline.inProcess(engine, recordings, delayMs, chunkMs, true),
                recordings.stream().mapToDouble(Recording::seconds).sum());
        report.put("baseline", figures);
        if (hasRawLibrary()) {
            report.put("engineLimitStreams", engineLimit(figures.rawLibrary(!options.fast)));
        }
        return figures;
    }

    /**
     * The raw library's figure at the bench's pacing once more, reported as {@code rawLibrary}
     * + {@code label}: this machine's speed drifts by tens of percent within minutes, so a target
     * compares with the mean of the figures taken right before and right after its steps.
     */
    double rawLibraryNow(String label) throws IOException, InterruptedException {
        if (!hasRawLibrary()) {
            return Double.NaN;
        }
        double raw = Baseline.rawLibrary(target.engine(), recordings, options.chunkMs, !options.fast);
        report.put("rawLibrary" + label, raw);
        return raw;
    }

    /** Whether the target's engine has a raw-library baseline ({@link Baseline#ENGINE}); Whisper has none. */
    boolean hasRawLibrary() {
        return target.engine().info().engine().equals(Baseline.ENGINE);
    }

    /** How many streams the raw library could carry on this machine's cores at {@code rawCpuPerAudioSecond}. */
    static double engineLimit(double rawCpuPerAudioSecond) {
        return Runtime.getRuntime().availableProcessors() / rawCpuPerAudioSecond;
    }

    /** {@code streams} streams at {@code delayMs}, to the server or, with {@code --core}, through the core. */
    StepResult load(int streams, int delayMs) throws InterruptedException {
        return load(options.via(), streams, delayMs);
    }

    /**
     * {@code streams} streams at {@code delayMs}, {@link LoadStep.Via through the server or the core
     * alone}: the same step both ways, one after the other, shows what the server path adds.
     */
    StepResult load(LoadStep.Via via, int streams, int delayMs) throws InterruptedException {
        StepResult result = step.run(via, streams, delayMs, !options.fast, options.seconds);
        report.step(result);
        return result;
    }

    /** WER and latency at each delay, with {@code streams} streams; every recording at least once. */
    List<StepResult> delays(List<Integer> delays, int streams) throws InterruptedException {
        double total = recordings.stream().mapToDouble(Recording::seconds).sum();
        double perStream = Math.max(options.seconds, total / streams);
        List<StepResult> results = new ArrayList<>();
        for (int delay : delays) {
            StepResult r = step.run(options.via(), streams, delay, !options.fast, perStream);
            report.step(r);
            results.add(r);
        }
        return results;
    }

    /** The largest N in {@link #CAPACITY_STEPS} whose step passes, to the server or, with {@code --core}, through the core. */
    int capacity(int delayMs, int maxStreams) throws InterruptedException {
        return capacity(options.via(), delayMs, maxStreams, "");
    }

    /**
     * The largest N in {@link #CAPACITY_STEPS} whose step {@link LoadStep.Via via} passes; 0 if even
     * one stream fails. Reported as {@code capacitySteps} and {@code capacityStreams} + {@code label}.
     */
    int capacity(LoadStep.Via via, int delayMs, int maxStreams, String label) throws InterruptedException {
        int capacity = 0;
        Map<Integer, Boolean> tried = new LinkedHashMap<>();
        for (int n : CAPACITY_STEPS) {
            if (n > maxStreams) {
                break;
            }
            StepResult r = load(via, n, delayMs);
            boolean ok = r.passes(CAPACITY_P95_LIMIT_MS);
            tried.put(n, ok);
            if (!ok) {
                break;
            }
            capacity = n;
        }
        report.put("capacitySteps" + label, tried);
        report.put("capacityStreams" + label, capacity);
        return capacity;
    }

    BenchOptions options() {
        return options;
    }
}
