package dev.earshot.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A native library's own log, sent to SLF4J instead of the process's stderr, for engine
 * implementations: under a logger named after the library, errors at warn and the rest at debug.
 * How the lines get here is the engine's (a log callback, a pipe); a library's log hook is
 * process-wide, so the engine keeps one {@code NativeLog} per library in a static field and
 * {@link #installOnce installs} the hook through it.
 *
 * <p>Thread-safe.
 */
public final class NativeLog {

    private final Logger log;
    /** Guarded by this. */
    private boolean installed;

    /** @param library the library's name, which is the logger's, e.g. {@code whisper} */
    public NativeLog(String library) {
        this.log = LoggerFactory.getLogger(library);
    }

    /**
     * Runs {@code install}, which points the library's log hook at {@link #line}, unless an earlier
     * call ran it: the hook is set once per process, before the library's first use.
     */
    public synchronized void installOnce(Runnable install) {
        if (!installed) {
            installed = true;
            install.run();
        }
    }

    /**
     * One line of the library's log: at warn if {@code error}, else at debug; a blank line is
     * dropped. Never throws, since it may run in an upcall, which must not throw into C.
     */
    public void line(String text, boolean error) {
        try {
            String line = text.strip();
            if (line.isEmpty()) {
                return;
            }
            if (error) {
                log.warn(line);
            } else {
                log.debug(line);
            }
        } catch (RuntimeException e) {
            // A log line is not worth crashing the native caller for.
        }
    }
}
