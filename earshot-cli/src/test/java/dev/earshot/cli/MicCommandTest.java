package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The microphone commands on a machine without one (this one, and CI). */
class MicCommandTest {

    private static boolean noMicrophone() {
        return Microphone.devices(16000).isEmpty();
    }

    @Test
    void withoutMicrophoneMicSaysSoInOneLineAndExits1() {
        assumeTrue(noMicrophone(), "this machine has a microphone");
        CommandRun run = CommandRun.of("mic");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("earshot mic: no microphone: Java Sound finds no capture device for "
                + "16-bit mono 16000 Hz (earshot mic --list-devices lists them)" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void listDevicesPrintsNoneWithoutMicrophone() {
        assumeTrue(noMicrophone(), "this machine has a microphone");
        CommandRun run = CommandRun.of("mic", "--list-devices");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("none" + System.lineSeparator());
    }

    @Test
    void unknownDeviceNamesTheOnesThatExist() {
        CommandRun run = CommandRun.of("mic", "--device", "no-such-device-42");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot mic: ").contains("no-such-device-42").doesNotContain("\tat ");
    }

    @Test
    void dualWithoutMicrophoneSaysSo() {
        assumeTrue(noMicrophone(), "this machine has a microphone");
        CommandRun run = CommandRun.of("dual", "--server", "http://127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot dual: no microphone: ").hasLineCount(1);
    }
}
