package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void pacerHoldsEachChunkUntilItsTime() throws InterruptedException {
        Pacer pacer = new Pacer(200);
        long start = System.nanoTime();
        pacer.awaitChunk(0);
        long first = System.nanoTime() - start;
        pacer.awaitChunk(3);
        long fourth = System.nanoTime() - start;

        assertThat(first).isLessThan(200_000_000);
        assertThat(fourth).isGreaterThanOrEqualTo(600_000_000);
    }

    @Test
    void pacerStopsWaitingWhenInterrupted() {
        Pacer pacer = new Pacer(1000);
        Thread.currentThread().interrupt();
        long start = System.nanoTime();

        assertThatThrownBy(() -> pacer.awaitChunk(60)).isInstanceOf(InterruptedException.class);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void pacedChunksComeAsALiveSourceWouldSendThem() {
        Iterator<byte[]> paced = Pacer.paced(List.of(new byte[1], new byte[2], new byte[3]).iterator(), 100);
        long start = System.nanoTime();
        assertThat(paced.next()).hasSize(1);
        assertThat(System.nanoTime() - start).isLessThan(100_000_000);
        paced.next();
        assertThat(paced.next()).hasSize(3);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000);
        assertThat(paced.hasNext()).isFalse();
    }
}
