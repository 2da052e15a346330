package dev.earshot.server.batch;

import java.util.Arrays;
import java.util.Locale;

/** OpenAI's {@code response_format} values, which its clients send to the same path. */
enum ResponseFormat {
    /** Mistral's response: model, text, language, segments, usage. The default. */
    JSON("application/json"),
    /** The text alone, with a final newline. */
    TEXT("text/plain; charset=utf-8"),
    SRT("application/x-subrip; charset=utf-8"),
    VTT("text/vtt; charset=utf-8"),
    /** OpenAI's verbose form: task, language, duration, text, segments, and words when asked. */
    VERBOSE_JSON("application/json");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code value}, or {@link #JSON} for null. */
    static ResponseFormat parse(String value) throws HttpError {
        if (value == null) {
            return JSON;
        }
        for (ResponseFormat format : values()) {
            if (format.wireName().equals(value)) {
                return format;
            }
        }
        throw HttpError.badRequest("unknown response_format '" + value + "': expected one of "
                + Arrays.stream(values()).map(ResponseFormat::wireName).toList());
    }
}
