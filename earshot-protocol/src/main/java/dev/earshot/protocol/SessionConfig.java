package dev.earshot.protocol;

/**
 * The {@code session} object of a {@code session.update}: the changes a client asks for.
 *
 * <p>A null component means "leave as it is", and is omitted on the wire.
 *
 * @param audioFormat            the new audio format, or null to keep the current one
 * @param targetStreamingDelayMs the new target delay in milliseconds, or null to keep it
 */
public record SessionConfig(AudioFormatSpec audioFormat, Integer targetStreamingDelayMs) {
}
