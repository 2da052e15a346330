package dev.earshot.cli;

import dev.earshot.bench.Bench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code earshot} command: one subcommand per job; every measurement under {@code earshot bench}. */
@Command(name = "earshot", mixinStandardHelpOptions = true, version = "earshot 0.1.0",
        description = "Self-hosted realtime speech-to-text, wire-compatible with Mistral's realtime transcription API.",
        subcommands = {ServeCommand.class, TranscribeCommand.class, MicCommand.class, DualCommand.class,
                ModelsCommand.class})
public final class Earshot {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with a bad flag or value reported as one line naming it, and where to
     * look, instead of picocli's default of the message followed by the whole usage text.
     */
    static CommandLine commandLine() {
        CommandLine bench = new CommandLine(new Bench()).addSubcommand(new EvalCommand())
                .addSubcommand(new WerCommand()).addSubcommand(new ThroughputCommand());
        return new CommandLine(new Earshot()).addSubcommand(bench).setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            String name = command.getCommandSpec().qualifiedName();
            command.getErr().println(name + ": " + e.getMessage() + " (see " + name + " --help)");
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
    }
}
