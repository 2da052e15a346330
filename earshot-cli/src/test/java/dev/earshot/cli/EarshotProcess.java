package dev.earshot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code earshot} command line in a JVM of its own, on this test's class path, for the tests
 * whose point is a process: its exit code and output with only the environment it is given, its
 * signals, its death. Public for the cluster tests.
 */
public final class EarshotProcess {

    /** The options of every JVM a test starts: the parent pom's {@code earshot.child.jvm.args}, which says why. */
    public static final List<String> JVM_OPTIONS = Arrays.stream(System.getProperty("earshot.child.jvm.args", "")
            .split("\\s+")).filter(option -> !option.isEmpty()).toList();

    private EarshotProcess() {
    }

    /** The command line of {@code earshot args...}. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                // The command's own logging, named by its file: logback would prefer the WARN-level
                // logback-test.xml of a test jar on the class path (whisper's), and by name it
                // reports the bench's second logback.xml on stderr.
                "-Dlogback.configurationFile=" + Earshot.class.getResource("/logback.xml"),
                Earshot.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
