package dev.earshot.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench}: measures an Earshot server over real WebSockets with the Java SDK, and the audio
 * path with JMH. One subcommand per measurement; {@code all} runs them in one process so that
 * their ratios come from one machine state.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "earshot-bench 0.1.0",
        description = "Latency, capacity, accuracy against delay, and CPU of an Earshot server; JMH of the audio path.",
        subcommands = {LoadCommand.class, DelaysCommand.class, CapacityCommand.class, AllCommand.class, JmhCommand.class})
public final class Bench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
