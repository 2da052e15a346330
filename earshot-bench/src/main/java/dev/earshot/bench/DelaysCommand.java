package dev.earshot.bench;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench delays}: WER and latency at each target delay. */
@Command(name = "delays", mixinStandardHelpOptions = true, description = "WER and latency at each target delay.")
final class DelaysCommand extends MeasuringCommand {

    @Option(names = "--delays", split = ",", defaultValue = "0,240,480,960,2400", paramLabel = "MS")
    List<Integer> delays;

    @Option(names = "--streams", defaultValue = "4")
    int streams;

    @Override
    int warmUpStreams() {
        return streams;
    }

    @Override
    boolean measure(Measurements m, Report report) throws InterruptedException {
        m.delays(delays, streams);
        return true;
    }
}
