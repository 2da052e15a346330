package dev.earshot.protocol;

import java.util.Objects;

/**
 * The {@code session} object of {@code session.created} and {@code session.updated}: the
 * whole session as it stands.
 *
 * @param requestId              the server's id of this session, for logs; never null
 * @param model                  the model id the session transcribes with; never null
 * @param audioFormat            the format the server expects in appends; never null
 * @param targetStreamingDelayMs the target delay in milliseconds, or null for the server's
 *                               default; always written, as an explicit {@code null} when null
 */
public record SessionInfo(String requestId, String model, AudioFormatSpec audioFormat,
        Integer targetStreamingDelayMs) {

    /** Throws {@link NullPointerException} if a required component is null. */
    public SessionInfo {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(audioFormat, "audioFormat");
    }
}
