package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return. Shown only when
 * stderr is a terminal (so logs and pipes stay clean) and the audio is longer than
 * {@link #MIN_AUDIO_SECONDS}; otherwise every method does nothing.
 */
final class ProgressBar {

    /** Shorter files finish before a bar would tell anything. */
    static final double MIN_AUDIO_SECONDS = 30;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final double total;
    /** What {@link #update} counts in, as printed after the numbers: {@code s} or {@code MB}. */
    private final String unit;
    private final boolean shown;
    private int lastPercent = -1;

    private ProgressBar(PrintStream err, double total, String unit, boolean shown) {
        this.err = err;
        this.total = total;
        this.unit = unit;
        this.shown = shown;
    }

    /**
     * A bar for {@code totalSeconds} of audio, shown if stderr is a terminal and the audio is long,
     * unless {@code liveText} goes to that same terminal: the printed text then shows the progress,
     * and a bar redrawn with carriage returns would tear it.
     */
    static ProgressBar forAudio(double totalSeconds, boolean liveText) {
        String err = terminalOf(2);
        boolean shown = err != null && totalSeconds > MIN_AUDIO_SECONDS && !(liveText && err.equals(terminalOf(1)));
        return new ProgressBar(System.err, totalSeconds, "s", shown);
    }

    /** A bar for a download of {@code totalMegabytes}, shown if stderr is a terminal. */
    static ProgressBar forDownload(double totalMegabytes) {
        return new ProgressBar(System.err, totalMegabytes, "MB", terminalOf(2) != null && totalMegabytes > 0);
    }

    /** The terminal device of file descriptor {@code fd}, or null. Java has no isatty for one
     *  descriptor ({@code System.console()} asks about stdin and stdout together); on Linux the
     *  descriptor of a terminal links to a {@code /dev/pts} or {@code /dev/tty} device. */
    private static String terminalOf(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") ? target : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Shows that {@code done} of the total (seconds of audio sent, megabytes received) is done. */
    void update(double done) {
        if (!shown) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %5.0f%s/%.0f%s", "#".repeat(filled),
                " ".repeat(WIDTH - filled), percent, done, unit, total, unit));
        err.flush();
    }

    /** Erases the bar. */
    void finish() {
        if (shown) {
            err.print("\r" + " ".repeat(WIDTH + 24) + "\r");
            err.flush();
        }
    }
}
