package dev.earshot.streaming;

/**
 * How much audio after a word's end the engine must have heard before the word is committed as
 * text. Larger is more accurate, smaller is faster.
 *
 * @param millis 0 to {@link #MAX_MS}
 */
public record TargetDelay(int millis) {

    /** The delay of a session that asks for none: two to three words of right context. */
    public static final int DEFAULT_MS = 480;
    /** Beyond ten seconds a live caption stops being live; a longer wait is a batch job. */
    public static final int MAX_MS = 10_000;
    public static final TargetDelay DEFAULT = new TargetDelay(DEFAULT_MS);

    public TargetDelay {
        if (millis < 0 || millis > MAX_MS) {
            throw new IllegalArgumentException(
                    "target_streaming_delay_ms " + millis + " out of range: expected 0 to " + MAX_MS);
        }
    }

    /** The given delay, or the default for null. */
    public static TargetDelay ofNullable(Integer millis) {
        return millis == null ? DEFAULT : new TargetDelay(millis);
    }
}
