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
    private final double totalSeconds;
    private final boolean shown;
    private int lastPercent = -1;

    private ProgressBar(PrintStream err, double totalSeconds, boolean shown) {
        this.err = err;
        this.totalSeconds = totalSeconds;
        this.shown = shown;
    }

    /** A bar for {@code totalSeconds} of audio, shown if stderr is a terminal and the audio is long. */
    static ProgressBar forAudio(double totalSeconds) {
        return new ProgressBar(System.err, totalSeconds, stderrIsTerminal() && totalSeconds > MIN_AUDIO_SECONDS);
    }

    /** Java has no isatty for stderr alone ({@code System.console()} asks about stdin and stdout):
     *  on Linux, fd 2 of a terminal links to a {@code /dev/pts} or {@code /dev/tty} device. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Shows that {@code seconds} of the audio have been sent. */
    void update(double seconds) {
        if (!shown) {
            return;
        }
        int percent = (int) Math.min(100, seconds * 100 / totalSeconds);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %5.0fs/%.0fs", "#".repeat(filled),
                " ".repeat(WIDTH - filled), percent, seconds, totalSeconds));
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
