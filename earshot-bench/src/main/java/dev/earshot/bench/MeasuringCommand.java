package dev.earshot.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Opens the target and the report around a subcommand's measurements; exit 0 when its targets are met. */
abstract class MeasuringCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Option(names = "--no-warmup", description = "skip the unrecorded warm-up pass")
    boolean noWarmup;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Recording> recordings = options.recordings();
        try (Target target = options.target()) {
            Report report = new Report(out, String.join(" ", spec.commandLine().getParseResult().originalArgs()), target);
            Measurements m = new Measurements(options, target, recordings, report);
            if (!noWarmup) {
                m.warmUp(480, warmUpStreams(), usesCore());
            }
            boolean met = measure(m, report);
            report.write(options.json);
            return met ? 0 : 1;
        }
    }

    /**
     * Streams the warm-up opens at once, so that the server has loaded as many decoders as the
     * main step uses before it is measured (a decoder loaded mid-step stalls its worker's other
     * streams for 0.1 to 0.2 s).
     */
    abstract int warmUpStreams();

    /** Whether a step runs through the core alone, whose engine then warms up too. */
    boolean usesCore() {
        return options.core;
    }

    /** Runs the measurements; true when every target checked was met. */
    abstract boolean measure(Measurements m, Report report) throws Exception;
}
