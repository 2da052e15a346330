package dev.earshot.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench load}: N streams at one delay, to the server or through the core; checks p95 ≤ 100 ms,
 * p99 ≤ 250 ms, no errors.
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = "N concurrent streams at one delay.")
final class LoadCommand extends MeasuringCommand {

    @Option(names = "--streams", defaultValue = "8")
    int streams;

    @Option(names = "--delay", defaultValue = "480", paramLabel = "MS")
    int delayMs;

    @Override
    int warmUpStreams() {
        return streams;
    }

    @Override
    boolean measure(Measurements m, Report report) throws InterruptedException {
        return Targets.load(report, m.load(streams, delayMs));
    }
}
