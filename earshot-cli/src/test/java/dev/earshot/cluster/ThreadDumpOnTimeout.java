package dev.earshot.cluster;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;

/**
 * Before JUnit interrupts a test that ran past its timeout, writes the stack of every thread of
 * this JVM, virtual threads included (JUnit's own dump has only platform threads, and Jetty's and
 * the sessions' are virtual), to {@code target/threads-<test>-<millis>.txt}, and names the file on
 * stdout: a hang between a client, the proxy and a server shows there, whereas after the interrupt
 * only the test thread's side of it is left.
 */
final class ThreadDumpOnTimeout implements PreInterruptCallback {

    @Override
    public void beforeThreadInterrupt(PreInterruptContext interrupt, ExtensionContext test) throws IOException {
        Path file = Path.of("target", "threads-" + test.getRequiredTestClass().getSimpleName() + "-"
                + test.getTestMethod().map(m -> m.getName()).orElse("class") + "-" + System.currentTimeMillis() + ".txt")
                .toAbsolutePath();
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(),
                HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
        System.out.println(test.getDisplayName() + " timed out: the threads of this JVM are in " + file);
    }
}
