package dev.earshot.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the {@code earshot} command in this JVM, with what it wrote. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Earshot.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
