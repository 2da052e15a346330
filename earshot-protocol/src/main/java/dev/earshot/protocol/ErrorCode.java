package dev.earshot.protocol;

/**
 * The {@code error.code} values Earshot sends, one per cause, numbered like the HTTP status
 * of the same meaning. Each constant's Javadoc is the one cause it stands for.
 */
public enum ErrorCode {
    /** A client message is not valid JSON, not an object, of an unknown type, or has a
     *  field of the wrong type or a missing required field; or its audio is not valid base64.
     *  The session goes on. */
    BAD_REQUEST(400),
    /** The API key or client secret is missing, wrong or expired. The session ends. */
    UNAUTHORIZED(401),
    /** The requested model id is not configured on the server. The session ends. */
    NOT_FOUND(404),
    /** A {@code session.update} arrived after the first audio; the session is unchanged
     *  and goes on. */
    CONFLICT(409),
    /** One {@code input_audio.append} decodes to more bytes than the limit (262,144).
     *  The chunk is dropped and the session goes on. */
    PAYLOAD_TOO_LARGE(413),
    /** A rate or concurrency limit of the server or of the key is reached. */
    TOO_MANY_REQUESTS(429),
    /** The speech engine failed while transcribing. The session ends. */
    ENGINE_FAILURE(500),
    /** The server is shutting down and takes no more audio. The session ends. */
    SHUTTING_DOWN(503);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The integer sent as {@code error.code}. */
    public int code() {
        return code;
    }
}
