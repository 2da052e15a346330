package dev.earshot.client;

import dev.earshot.protocol.ErrorInfo;

/**
 * A realtime session failed or could not start: the handshake was refused, the server sent
 * an {@code error} before {@code session.created}, no {@code session.created} came in time,
 * the connection closed or broke before the end, or the audio source failed.
 *
 * <p>Unchecked, because it surfaces from {@link java.util.Iterator} and
 * {@link java.util.stream.Stream} methods, which cannot declare checked exceptions.
 */
public final class RealtimeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Marks a code that is absent. */
    public static final int NONE = -1;

    private final int errorCode;
    private final int closeCode;

    RealtimeException(String message, int errorCode, int closeCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.closeCode = closeCode;
    }

    static RealtimeException of(String message, Throwable cause) {
        return new RealtimeException(message, NONE, NONE, cause);
    }

    static RealtimeException serverError(ErrorInfo error) {
        return new RealtimeException("server error " + error.code() + ": " + error.messageText(),
                error.code(), NONE, null);
    }

    static RealtimeException closed(int closeCode, String reason, String when) {
        String because = reason == null || reason.isEmpty() ? "" : " '" + reason + "'";
        return new RealtimeException("connection closed by the server with code " + closeCode + because
                + (when.isEmpty() ? "" : " " + when), NONE, closeCode, null);
    }

    /** The {@code error.code} the server sent, an HTTP status for a refused handshake, or
     *  {@link #NONE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The WebSocket close code (RFC 6455 section 7.4) the server closed with, or {@link #NONE}. */
    public int closeCode() {
        return closeCode;
    }
}
