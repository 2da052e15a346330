package dev.earshot.server.batch;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How fast a batch job feeds its audio to the engine: as fast as the worker takes it while no
 * realtime session is open, and while any is, with a rest after each piece so that the job keeps
 * the engine busy at most {@link #SHARE} of the time, what one more realtime stream would (issue
 * 13: a long file must not raise the realtime sessions' latency beyond what one more stream
 * would). The job's pieces are the same either way, so is its text.
 *
 * <p>The share is of engine time, not of audio: a job runs at the largest delay, whose second
 * passes cost more CPU per audio second than a stream at the default delay, so pacing its audio
 * at real time would weigh like more than one stream. Engine time is timed on the wall, so on a
 * busy machine, where each piece takes longer, the job backs off as much more.
 *
 * <p>Not thread-safe: one per job, used by the job's thread.
 */
final class BatchPace {

    /**
     * The most of the engine's time a job takes beside realtime sessions: about the share a stream
     * at the default delay keeps its worker busy (docs/benchmarks.md, "A batch job beside realtime
     * sessions").
     */
    static final double SHARE = 0.2;
    /** The longest single wait: the sessions and the drain are rechecked this often during a long rest. */
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final IntSupplier realtimeSessions;
    private final LongSupplier nanoClock;
    /** When the next piece may go if a realtime session is open: after the last one's rest. */
    private long dueNanos;

    /** @param realtimeSessions the realtime sessions open now, read before each piece */
    BatchPace(IntSupplier realtimeSessions) {
        this(realtimeSessions, System::nanoTime);
    }

    BatchPace(IntSupplier realtimeSessions, LongSupplier nanoClock) {
        this.realtimeSessions = realtimeSessions;
        this.nanoClock = nanoClock;
        this.dueNanos = nanoClock.getAsLong();
    }

    /** How long the next piece must wait: 0 when no realtime session is open or its turn has come. */
    long waitNanos() {
        if (realtimeSessions.getAsInt() == 0) {
            return 0;
        }
        return Math.max(0, dueNanos - nanoClock.getAsLong());
    }

    /**
     * Counts a piece the engine worked on from {@code startNanos} to {@code endNanos}: the next
     * may go after a rest of (1 / {@link #SHARE} - 1) times as long, if sessions are open then.
     */
    void worked(long startNanos, long endNanos) {
        dueNanos = endNanos + Math.round((endNanos - startNanos) * (1 / SHARE - 1));
    }

    /**
     * Blocks until the next piece may go or {@code stop} is true, rechecking both (and so the
     * sessions) every {@value #MAX_PARK_NANOS} ns: a job resumes full speed soon after the last
     * session ends, and a drain does not wait out a long rest.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    void await(BooleanSupplier stop) throws InterruptedException {
        for (long wait = waitNanos(); wait > 0 && !stop.getAsBoolean(); wait = waitNanos()) {
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing a batch job");
            }
        }
    }
}
