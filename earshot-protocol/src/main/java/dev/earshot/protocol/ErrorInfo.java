package dev.earshot.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code error} object of an {@code error} event.
 *
 * <p>The protocol lets {@code message} be a string or a JSON object (Mistral's service sends
 * validation details as an object). Here it is either a {@link String} or an unmodifiable
 * {@code Map<String, Object>} whose values are what Jackson maps JSON to (String, Number,
 * Boolean, List, Map, or null).
 *
 * @param message a {@link String} or a {@link Map}; never null
 * @param code    the error code; Earshot sends one of {@link ErrorCode}, another server may
 *                send others
 */
public record ErrorInfo(Object message, int code) {

    /** Throws {@link IllegalArgumentException} if the message is neither a String nor a Map. */
    public ErrorInfo {
        Objects.requireNonNull(message, "message");
        if (message instanceof Map<?, ?> map) {
            message = Collections.unmodifiableMap(new LinkedHashMap<>(map));
        } else if (!(message instanceof String)) {
            throw new IllegalArgumentException(
                    "message must be a String or a Map, was " + message.getClass().getName());
        }
    }

    /** The error Earshot sends for {@code code}, with a text message. */
    public static ErrorInfo of(ErrorCode code, String message) {
        return new ErrorInfo(message, code.code());
    }

    /** The message as text: the string itself, or the map's {@code toString()}. */
    public String messageText() {
        return message instanceof String s ? s : message.toString();
    }
}
