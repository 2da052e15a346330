package dev.earshot.server.batch;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How fast a batch job feeds its audio to the engine: as fast as the worker takes it while no
 * realtime session is open, and no faster than real time while any is. A paced job weighs on the
 * engine workers it shares with the realtime sessions exactly as one more realtime stream does,
 * however long its file (issue 13: a long file must not raise the realtime sessions' latency
 * beyond what one more stream would). The job's pieces are the same either way, so is its text.
 *
 * <p>Pacing starts afresh each time sessions appear: audio fed at full speed before is not made
 * up for. A job that fell behind (a busy engine) catches up, as a realtime stream's queued audio
 * does.
 *
 * <p>Not thread-safe: one per job, used by the job's thread.
 */
final class BatchPace {

    private final IntSupplier realtimeSessions;
    private final LongSupplier nanoClock;
    /** Whether the last piece was paced; the two fields below describe that stretch. */
    private boolean pacing;
    private long stretchStartNanos;
    /** Audio fed since {@link #stretchStartNanos}, in nanoseconds of audio. */
    private long stretchAudioNanos;

    /** @param realtimeSessions the realtime sessions open now, read before each piece */
    BatchPace(IntSupplier realtimeSessions) {
        this(realtimeSessions, System::nanoTime);
    }

    BatchPace(IntSupplier realtimeSessions, LongSupplier nanoClock) {
        this.realtimeSessions = realtimeSessions;
        this.nanoClock = nanoClock;
    }

    /**
     * How long the next piece must wait: 0 when no realtime session is open or it is due, else
     * until the audio fed since sessions appeared has lasted as long in wall time.
     */
    long waitNanos() {
        if (realtimeSessions.getAsInt() == 0) {
            pacing = false;
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (!pacing) {
            pacing = true;
            stretchStartNanos = now;
            stretchAudioNanos = 0;
            return 0;
        }
        return Math.max(0, stretchStartNanos + stretchAudioNanos - now);
    }

    /** Counts a piece of {@code audioNanos} of audio just fed. */
    void fed(long audioNanos) {
        if (pacing) {
            stretchAudioNanos += audioNanos;
        }
    }

    /**
     * Blocks until the next piece may go, rechecking the sessions after each wait (at most the
     * length of the previous piece), so a job speeds up soon after the last session ends.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    void await() throws InterruptedException {
        for (long wait = waitNanos(); wait > 0; wait = waitNanos()) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing a batch job");
            }
        }
    }
}
