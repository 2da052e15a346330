package dev.earshot.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench capacity}: the raw library's limit, then N upward until p95 beyond the delay reaches 100 ms. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Largest N with p95 latency beyond the delay under 100 ms and no errors, against the engine's limit.")
final class CapacityCommand extends MeasuringCommand {

    @Option(names = "--delay", defaultValue = "480", paramLabel = "MS")
    int delayMs;

    @Option(names = "--max-streams", defaultValue = "64")
    int maxStreams;

    /** The load target's 8 streams: steps beyond it load their extra decoders as they start. */
    @Override
    int warmUpStreams() {
        return Math.min(maxStreams, 8);
    }

    @Override
    boolean measure(Measurements m, Report report) throws Exception {
        Baseline.Figures base = m.baseline(delayMs);
        int capacity = m.capacity(delayMs, maxStreams);
        return Targets.capacity(report, capacity, base.rawLibrary(!m.options().fast), m.rawLibraryNow("AfterCapacity"));
    }
}
