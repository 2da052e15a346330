package dev.earshot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code earshot} command: one subcommand per job. */
@Command(name = "earshot", mixinStandardHelpOptions = true, version = "earshot 0.1.0",
        description = "Self-hosted realtime speech-to-text, wire-compatible with Mistral's realtime transcription API.",
        subcommands = {ServeCommand.class, TranscribeCommand.class, MicCommand.class, DualCommand.class, EvalCommand.class,
                ThroughputCommand.class, WerCommand.class, ModelsCommand.class})
public final class Earshot {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Earshot()).execute(args));
    }
}
