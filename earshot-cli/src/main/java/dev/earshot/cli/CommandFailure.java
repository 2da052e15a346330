package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import dev.earshot.client.RealtimeException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A failure the user can act on: reported as one line on stderr with exit code 1, never a stack
 * trace. {@link #run} turns the expected exceptions of the client commands into it.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of every reported failure. */
    static final int EXIT_CODE = 1;

    CommandFailure(String message) {
        super(message);
    }

    /** Runs {@code body}; a failure becomes {@code earshot <command>: <message>} on stderr and exit 1. */
    static int run(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CommandFailure | RealtimeException e) {
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
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return EXIT_CODE;
    }
}
