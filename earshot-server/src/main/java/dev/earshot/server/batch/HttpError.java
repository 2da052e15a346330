package dev.earshot.server.batch;

import io.javalin.http.HttpStatus;

/** A request the endpoint answers with {@code status} and a one-line message. */
final class HttpError extends Exception {

    private final HttpStatus status;

    HttpError(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(HttpStatus.BAD_REQUEST, message);
    }
}
