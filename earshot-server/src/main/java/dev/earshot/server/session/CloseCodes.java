package dev.earshot.server.session;

/** WebSocket close codes the server uses, from RFC 6455 section 7.4.1 and the IANA registry. */
final class CloseCodes {

    /** 1000: the session ended after {@code transcription.done}. */
    static final int NORMAL = 1000;
    /** 1001: the server is shutting down. */
    static final int GOING_AWAY = 1001;
    /** 1008: authentication failed, unknown model, or a session limit (idle, length) was hit. */
    static final int POLICY_VIOLATION = 1008;
    /** 1009: a frame larger than the limit; Jetty sends it itself. */
    static final int MESSAGE_TOO_BIG = 1009;
    /** 1006: never sent; what the log says for a connection lost without a close frame. */
    static final int ABNORMAL = 1006;
    /** 1011: the engine failed. */
    static final int INTERNAL_ERROR = 1011;
    /** 1013 (IANA "Try Again Later"): too many sessions at once. */
    static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }
}
