package dev.earshot.server.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The pace of a batch job on a clock the test moves: full speed alone, real time beside sessions. */
class BatchPaceTest {

    private static final long PIECE = TimeUnit.MILLISECONDS.toNanos(100);

    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final BatchPace pace = new BatchPace(sessions::get, now::get);

    @Test
    void withoutRealtimeSessionsNoPieceWaits() {
        for (int i = 0; i < 50; i++) {
            assertThat(pace.waitNanos()).isZero();
            pace.fed(PIECE);
        }
    }

    @Test
    void besideASessionEachPieceIsDueWhenTheAudioBeforeItHasLastedAsLong() {
        sessions.set(1);
        assertThat(pace.waitNanos()).isZero();
        pace.fed(PIECE);
        assertThat(pace.waitNanos()).isEqualTo(PIECE);

        now.addAndGet(30_000_000L);
        assertThat(pace.waitNanos()).isEqualTo(PIECE - 30_000_000L);
        now.addAndGet(70_000_000L);
        assertThat(pace.waitNanos()).isZero();
        pace.fed(PIECE);
        assertThat(pace.waitNanos()).isEqualTo(PIECE);
    }

    @Test
    void aJobThatFellBehindCatchesUpAsAStreamsQueueDoes() {
        sessions.set(2);
        pace.waitNanos();
        pace.fed(PIECE);
        now.addAndGet(5 * PIECE);
        for (int i = 0; i < 4; i++) {
            assertThat(pace.waitNanos()).isZero();
            pace.fed(PIECE);
        }
        assertThat(pace.waitNanos()).isZero();
        pace.fed(PIECE);
        assertThat(pace.waitNanos()).isEqualTo(PIECE);
    }

    @Test
    void pacingStopsWhenTheLastSessionEndsAndStartsAfreshWhenOneOpens() {
        sessions.set(1);
        pace.waitNanos();
        pace.fed(PIECE);
        sessions.set(0);
        for (int i = 0; i < 20; i++) {
            assertThat(pace.waitNanos()).isZero();
            pace.fed(PIECE);
        }
        sessions.set(1);
        // The 2 s fed at full speed are not made up for: the stretch begins now.
        assertThat(pace.waitNanos()).isZero();
        pace.fed(PIECE);
        assertThat(pace.waitNanos()).isEqualTo(PIECE);
    }
}
