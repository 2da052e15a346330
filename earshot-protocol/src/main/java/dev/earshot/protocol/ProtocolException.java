package dev.earshot.protocol;

import java.util.Objects;

/**
 * A client message the server cannot accept. The message says what was expected and what
 * was found, and is meant to be sent back as is in an {@code error} event (see
 * {@link #toErrorEvent()}).
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /** Throws {@link NullPointerException} for a null argument. */
    public ProtocolException(ErrorCode errorCode, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    /** Which cause this is; never null. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The {@code error} event that reports this exception to the client. */
    public ServerEvent.ErrorEvent toErrorEvent() {
        return new ServerEvent.ErrorEvent(ErrorInfo.of(errorCode, getMessage()));
    }
}
