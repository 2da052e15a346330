package dev.earshot.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's {@code /proc/<pid>/status} (proc(5)) says about a process. */
public final class ProcStatus {

    private ProcStatus() {
    }

    /**
     * The resident memory ({@code VmRSS}) of a process, in bytes.
     *
     * @param pid a process id, or {@code self}
     * @return the bytes, or -1 where there is no such file or line (another OS, a process gone)
     */
    public static long residentBytes(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
