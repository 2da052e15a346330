package dev.earshot.server.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The pace of a batch job on a clock the test moves: full speed alone, a fifth of the engine's time beside sessions. */
class BatchPaceTest {

    private static final long MS = 1_000_000L;

    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final BatchPace pace = new BatchPace(sessions::get, now::get);

    /** The engine works on a piece for {@code ms}. */
    private void piece(long ms) {
        long start = now.get();
        now.addAndGet(ms * MS);
        pace.worked(start, now.get());
    }

    @Test
    void withoutRealtimeSessionsNoPieceWaits() {
        for (int i = 0; i < 50; i++) {
            assertThat(pace.waitNanos()).isZero();
            piece(20);
        }
    }

    @Test
    void besideASessionEachPieceRestsFourTimesItsEngineTime() {
        sessions.set(1);
        assertThat(pace.waitNanos()).isZero();
        piece(20);
        assertThat(pace.waitNanos()).isEqualTo(80 * MS);
        now.addAndGet(50 * MS);
        assertThat(pace.waitNanos()).isEqualTo(30 * MS);
        now.addAndGet(30 * MS);
        assertThat(pace.waitNanos()).isZero();
        // A long piece (an utterance's second passes) earns a long rest.
        piece(500);
        assertThat(pace.waitNanos()).isEqualTo(2000 * MS);
        assertThat(BatchPace.SHARE).isEqualTo(0.2);
    }

    @Test
    void theLastSessionsEndEndsTheRestAndANewSessionHonoursTheLastPiece() {
        sessions.set(1);
        piece(100);
        assertThat(pace.waitNanos()).isEqualTo(400 * MS);
        sessions.set(0);
        assertThat(pace.waitNanos()).isZero();
        piece(100);
        sessions.set(2);
        assertThat(pace.waitNanos()).isEqualTo(400 * MS);
    }

    @Test
    void awaitReturnsAtOnceWhenStopped() throws InterruptedException {
        sessions.set(1);
        piece(3_600_000);
        long start = System.nanoTime();
        // The fake clock stands still: only the stop can end this hour-long rest.
        pace.await(() -> true);
        assertThat(System.nanoTime() - start).isLessThan(10_000 * MS);
    }
}
