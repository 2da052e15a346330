package dev.earshot.bench;

import picocli.CommandLine.Command;

/**
 * {@code earshot bench}: the measurement commands, one subcommand per kind. Those here measure an
 * Earshot server over real WebSockets with the Java SDK, the streaming core alone, the audio
 * path with JMH, and the baseline, Debian's {@code pocketsphinx_continuous}; {@code all} runs them in one process so that their ratios come from one machine
 * state. The {@code earshot} command adds its corpus measurements ({@code eval}, {@code wer},
 * {@code throughput}) to the same family, so that every figure in docs/benchmarks.md comes from
 * {@code earshot bench KIND}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "earshot bench 0.1.0",
        description = "Measure: word error rate against delay, latency, capacity and CPU of the core and the server; "
                + "JMH of the audio path.",
        subcommands = {LoadCommand.class, DelaysCommand.class, CapacityCommand.class, AllCommand.class, JmhCommand.class,
                ContinuousCommand.class})
public final class Bench {
}
