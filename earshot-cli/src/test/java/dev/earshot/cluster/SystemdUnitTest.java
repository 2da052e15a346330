package dev.earshot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/earshot.service: {@code systemd-analyze verify} finds nothing to say about it, and its stop
 * is the drain: SIGTERM, with time for the grace period before systemd's SIGKILL.
 */
class SystemdUnitTest {

    static final Path UNIT = Path.of(System.getProperty("earshot.root", ".."), "deploy", "earshot.service");

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWarning() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Process verify = new ProcessBuilder("systemd-analyze", "verify", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).isEmpty();
    }

    @Test
    void stopSendsSigtermAndWaitsLongerThanTheGrace() throws IOException {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("\nKillSignal=SIGTERM\n").contains("\nSuccessExitStatus=143\n");
        int grace = Integer.parseInt(unit.replaceAll("(?s).*--shutdown-grace-seconds (\\d+).*", "$1"));
        int timeout = Integer.parseInt(unit.replaceAll("(?s).*\nTimeoutStopSec=(\\d+)\n.*", "$1"));
        assertThat(timeout).isGreaterThan(grace);
    }
}
