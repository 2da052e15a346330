package dev.earshot.os;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.OperatingSystemMXBean;

/** CPU time of processes: this one through the JVM, others from Linux's {@code /proc/<pid>/stat}. */
public final class CpuTime {

    /** USER_HZ, the unit of proc(5)'s times: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** User and system CPU time of this process so far, in nanoseconds. */
    public static long selfNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * User and system CPU time of another process so far (fields 14 and 15 of proc(5)'s stat).
     *
     * @return nanoseconds, or -1 where there is no such process or file (another OS, a process gone)
     */
    public static long processNanos(long pid) {
        try {
            return ofStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), false);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The CPU time of the children a process waited for (fields 16 and 17), from the text of its
     * {@code /proc/<pid>/stat}: what a shell's child cost, read by the shell itself once it ended.
     *
     * @throws IllegalArgumentException if {@code stat} is not a proc(5) stat line
     */
    public static long childrenNanos(String stat) {
        try {
            return ofStat(stat, true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a /proc/<pid>/stat line, found '" + stat.strip() + "'", e);
        }
    }

    /** Fields after the command name, which may hold spaces and parentheses: f[0] is field 3. */
    private static long ofStat(String stat, boolean children) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        int first = children ? 13 : 11;
        long ticks = Long.parseLong(f[first]) + Long.parseLong(f[first + 1]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
