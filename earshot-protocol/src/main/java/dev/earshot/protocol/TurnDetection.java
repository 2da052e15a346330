package dev.earshot.protocol;

/**
 * The {@code turn_detection} object of a {@code session.update}. Mistral publishes no
 * sub-fields ({@code {}} asks for the server's defaults); Earshot takes the one that maps onto
 * its voice detector, under the name OpenAI's realtime API gives it, and the codec refuses any
 * other so that a setting is never silently ignored.
 *
 * @param silenceDurationMs how long a silence ends a turn, in milliseconds, or null for the
 *                          server's default; {@code silence_duration_ms} on the wire
 */
public record TurnDetection(Integer silenceDurationMs) {

    /** {@code {}}: turn detection with the server's defaults. */
    public static final TurnDetection DEFAULTS = new TurnDetection(null);
}
