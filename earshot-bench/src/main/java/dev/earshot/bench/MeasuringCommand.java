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
                m.warmUp(480);
            }
            boolean met = measure(m, report);
            report.write(options.json);
            return met ? 0 : 1;
        }
    }

    /** Runs the measurements; true when every target checked was met. */
    abstract boolean measure(Measurements m, Report report) throws Exception;
}
