package dev.earshot.engine.whisper;

import java.lang.foreign.MemorySegment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends whisper.cpp's and ggml's log (otherwise stderr) to SLF4J, logger {@code whisper}: errors
 * at warn, the rest at debug. Installed once per process, before the first model loads.
 */
final class NativeLog {

    private static final Logger LOG = LoggerFactory.getLogger("whisper");
    /** GGML_LOG_LEVEL_WARN and GGML_LOG_LEVEL_ERROR of ggml.h (1.7.1). */
    private static final int WARN = 2;
    private static final int ERROR = 3;
    private static boolean installed;

    private NativeLog() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        MemorySegment stub = WhisperLibrary.upcall(java.lang.invoke.MethodHandles.lookup(), "log", WhisperLibrary.LOG_CALLBACK);
        try {
            WhisperLibrary.LOG_SET.invokeExact(stub, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new LinkageError("whisper_log_set failed", t);
        }
    }

    /** The upcall: must not throw, since it returns into C. */
    @SuppressWarnings("unused")
    private static void log(int level, MemorySegment text, MemorySegment userData) {
        try {
            String line = text.reinterpret(Integer.MAX_VALUE).getString(0).strip();
            if (line.isEmpty()) {
                return;
            }
            if (level == ERROR || level == WARN) {
                LOG.warn(line);
            } else {
                LOG.debug(line);
            }
        } catch (RuntimeException e) {
            // A log line is not worth crashing the native caller for.
        }
    }
}
