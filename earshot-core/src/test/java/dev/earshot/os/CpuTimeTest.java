package dev.earshot.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

    /** A shell's stat line whose command name holds a space and a parenthesis, as proc(5) allows:
     *  utime 7, stime 3, cutime 250, cstime 40 (fields 14 to 17). */
    private static final String STAT = "4242 (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 250 40 20 0 1 0 "
            + "5000 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void childrenTimeIsFieldsSixteenAndSeventeenInTicksOfTenMilliseconds() {
        assertThat(CpuTime.childrenNanos(STAT)).isEqualTo(2_900_000_000L);
    }

    @Test
    void aLineThatIsNoStatSaysWhatItFound() {
        assertThatThrownBy(() -> CpuTime.childrenNanos("bash: cat: not found\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a /proc/<pid>/stat line, found 'bash: cat: not found'");
    }

    @Test
    void thisProcessReadThroughProcAgreesWithTheJvmWithinTicks() {
        long fromJvm = CpuTime.selfNanos();
        long fromProc = CpuTime.processNanos(ProcessHandle.current().pid());
        assertThat(fromJvm).isPositive();
        assertThat(fromProc).isPositive().isLessThanOrEqualTo(CpuTime.selfNanos() + 20_000_000L);
    }

    @Test
    void aProcessThatDoesNotExistIsMinusOne() {
        assertThat(CpuTime.processNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
