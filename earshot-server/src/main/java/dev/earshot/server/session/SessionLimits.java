package dev.earshot.server.session;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of realtime sessions. Each, when reached, has its own wire result; see
 * {@link RealtimeEndpoint} for the table.
 *
 * @param maxSessions          sessions at once
 * @param maxSessionsPerKey    sessions at once opened with one API key; 0 for no such limit
 * @param maxSessionsPerSecret sessions at once opened with one client secret
 * @param maxChunkBytes        largest decoded audio of one {@code input_audio.append}
 * @param idleTimeout          longest time without audio: other messages ({@code input_audio.flush},
 *                             {@code session.update}) do not keep a session alive
 * @param maxSessionLength     longest session
 */
public record SessionLimits(int maxSessions, int maxSessionsPerKey, int maxSessionsPerSecret, int maxChunkBytes,
        Duration idleTimeout, Duration maxSessionLength) {

    /** Room for the JSON around the base64 of a largest chunk: the type, the field name and a
     *  little whitespace take under 100 bytes, so 16 KiB is generous. A chunk a few KB over
     *  the limit still arrives and gets error 413; a frame beyond this is closed with 1009. */
    static final int JSON_OVERHEAD_BYTES = 16 * 1024;

    public SessionLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxSessionLength, "maxSessionLength");
    }

    /** Largest text frame accepted: the base64 of a largest chunk plus JSON overhead. */
    public long maxTextMessageBytes() {
        long base64 = (maxChunkBytes + 2L) / 3 * 4;
        return base64 + JSON_OVERHEAD_BYTES;
    }
}
