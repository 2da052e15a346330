package dev.earshot.bench;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;

/**
 * {@code bench all}: baseline, N streams through the core alone, the server, and the core again, the
 * capacity search through each, and the delay sweep, in one process: the server's targets are
 * ratios to the core alone on the same machine state. The raw-library targets are checked only
 * for pocketsphinx, whose raw library that baseline is.
 */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Baseline, N-stream load and capacity through the core alone and the server, and the delay "
                + "sweep in one run; checks every target.")
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
    boolean usesCore() {
        return true;
    }

    @Override
    boolean measure(Measurements m, Report report) throws Exception {
        if (m.options().core) {
            throw new ParameterException(spec.commandLine(), "all measures the server, with one step through the "
                    + "core beside each of its server steps; --core is for load, capacity and delays");
        }
        Baseline.Figures base = m.baseline(delayMs);
        StepResult core = m.load(LoadStep.Via.CORE, streams, delayMs);
        StepResult load = m.load(LoadStep.Via.SERVER, streams, delayMs);
        StepResult coreAfter = m.load(LoadStep.Via.CORE, streams, delayMs);
        boolean met = Targets.load(report, load);
        Targets.serverAdds(report, core, load);
        met &= Targets.cpuVsCore(report, core, load, coreAfter);
        double rawAfterLoad = m.rawLibraryNow("AfterLoad");
        met &= Targets.cpu(report, load, base, rawAfterLoad);
        int coreCapacity = m.capacity(LoadStep.Via.CORE, delayMs, maxStreams, "Core");
        int capacity = m.capacity(LoadStep.Via.SERVER, delayMs, maxStreams, "");
        met &= Targets.capacityVsCore(report, coreCapacity, capacity);
        met &= Targets.capacity(report, capacity, rawAfterLoad, m.rawLibraryNow("AfterCapacity"));
        m.delays(delays, sweepStreams);
        return met;
    }
}
