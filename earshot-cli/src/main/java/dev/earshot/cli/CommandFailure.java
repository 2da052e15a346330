package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import dev.earshot.client.RealtimeException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A failure the user can act on: reported as one line on stderr with exit code 1 (2 for a usage
 * error), never a stack trace. {@link #run} turns the expected exceptions of the client commands into it.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of every reported failure. */
    static final int EXIT_CODE = 1;
    /** Exit code of a usage error: a flag, setting or variable with a value the command cannot take
     *  (picocli's {@code ExitCode.USAGE}). */
    static final int USAGE_EXIT_CODE = 2;

    /** {@link #EXIT_CODE}, or {@link #USAGE_EXIT_CODE} for a usage error. */
    private final int exitCode;

    CommandFailure(String message) {
        this(message, EXIT_CODE);
    }

    private CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A setting the command cannot take (say, a model alias that names no model): exit 2. */
    static CommandFailure usageError(String message) {
        return new CommandFailure(message, USAGE_EXIT_CODE);
    }

    /**
     * Runs {@code body}; a failure becomes {@code earshot <command>: <message>} on stderr and exit
     * 1, or 2 for a {@link #usageError}.
     */
    static int run(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CommandFailure e) {
            print(spec, e.getMessage());
            return e.exitCode;
        } catch (RealtimeException e) {
            return report(spec, e.getMessage());
        } catch (NoSuchFileException e) {
            return report(spec, "no such file: " + e.getFile());
        } catch (IOException e) {
            return report(spec, e.getMessage());
        } catch (IllegalArgumentException e) {
            return report(spec, e.getMessage());
        } catch (Exception e) {
            return report(spec, e.toString());
        }
    }

    static int report(CommandSpec spec, String message) {
        print(spec, message);
        return EXIT_CODE;
    }

    /** {@code earshot <command>: <message>} on stderr; exit code 2. */
    static int usage(CommandSpec spec, String message) {
        print(spec, message);
        return USAGE_EXIT_CODE;
    }

    private static void print(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
    }
}
