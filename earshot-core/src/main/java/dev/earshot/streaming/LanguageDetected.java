package dev.earshot.streaming;

import java.util.Objects;

/**
 * The engine detected the stream's language, or a different one from the last it detected.
 * Engines that do not detect languages never produce this.
 *
 * @param language an ISO 639-1 code
 */
public record LanguageDetected(String language) implements TranscriptEvent {
    public LanguageDetected {
        Objects.requireNonNull(language, "language");
    }
}
