package dev.earshot.server.session;

import java.util.ArrayDeque;

/**
 * When each stretch of audio arrived: pairs of (audio milliseconds received in total, arrival
 * time), so that the latency of a committed word can be measured from the moment its audio was
 * all there. Not thread-safe: the session's thread alone uses it.
 */
final class ArrivalLog {

    /** Entries kept at most. Entries are dropped as text commits past them, so only a long
     *  stretch without any committed text (4,096 appends; at the SDKs' 20 to 480 ms chunks,
     *  80 s or more) reaches it; then the oldest is dropped, and a word inside it is measured
     *  from a later arrival, so its latency is under-reported rather than memory growing. */
    static final int MAX_ENTRIES = 4096;

    private final ArrayDeque<long[]> entries = new ArrayDeque<>();

    /** Records that {@code totalSamples} samples at {@code sampleRate} had arrived by {@code nanos}. */
    void received(long totalSamples, int sampleRate, long nanos) {
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(new long[] {totalSamples * 1000 / sampleRate, nanos});
    }

    /**
     * The arrival time of the audio up to {@code audioMs}: of the first entry that reaches it.
     * Calls must come with non-decreasing {@code audioMs}, as text commits do.
     *
     * @return a {@link System#nanoTime()} value, or {@link Long#MIN_VALUE} when nothing arrived
     */
    long arrivalOf(long audioMs) {
        while (entries.size() > 1 && entries.peekFirst()[0] < audioMs) {
            entries.removeFirst();
        }
        long[] first = entries.peekFirst();
        return first == null ? Long.MIN_VALUE : first[1];
    }
}
