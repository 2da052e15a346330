package dev.earshot.bench;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench all}: baseline, 8 streams, the delay sweep and the capacity search, in one process. */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Baseline, N=8 load, delay sweep and capacity in one run; checks every target.")
final class AllCommand extends MeasuringCommand {

    @Option(names = "--streams", defaultValue = "8", description = "streams of the load step (default ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--delay", defaultValue = "480", paramLabel = "MS")
    int delayMs;

    @Option(names = "--delays", split = ",", defaultValue = "0,240,480,960,2400", paramLabel = "MS")
    List<Integer> delays;

    @Option(names = "--sweep-streams", defaultValue = "4")
    int sweepStreams;

    @Option(names = "--max-streams", defaultValue = "64")
    int maxStreams;

    @Override
    int warmUpStreams() {
        return streams;
    }

    @Override
    boolean measure(Measurements m, Report report) throws Exception {
        Baseline.Figures base = m.baseline(delayMs);
        StepResult load = m.load(streams, delayMs);
        boolean met = Targets.load(report, load);
        met &= Targets.cpu(report, load, base);
        m.delays(delays, sweepStreams);
        met &= Targets.capacity(report, m.capacity(delayMs, maxStreams), m.engineLimit(base));
        return met;
    }
}
