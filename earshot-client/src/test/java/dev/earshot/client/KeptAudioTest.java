package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.AudioFormatSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeptAudioTest {

    /** 16-bit at 1000 Hz: 2,000 bytes a second, 10 s kept at most. */
    private final KeptAudio kept = KeptAudio.of(new AudioFormatSpec("pcm_s16le", 1000), Duration.ofSeconds(10));

    @Test
    void keepsTheWholeStreamWithinTheBound() {
        for (int i = 0; i < 10; i++) {
            kept.add(new byte[2000]);
        }
        assertThat(kept.snapshot().startSeconds()).isZero();
        assertThat(kept.snapshot().bytes()).isEqualTo(20_000);
    }

    @Test
    void pastTheBoundStartsAtTheOldestSegmentEndThatFits() {
        kept.add(new byte[6000]);
        kept.segmentEnded(1.5);
        kept.segmentEnded(2.5);
        kept.add(new byte[18_000]); // 12 s in all: from 1.5 s is too long, from 2.5 s fits
        KeptAudio.Snapshot snapshot = kept.snapshot();
        assertThat(snapshot.startSeconds()).isEqualTo(2.5);
        assertThat(snapshot.bytes()).isEqualTo(24_000 - 5000);
    }

    @Test
    void withoutASegmentEndTheOldestAudioGoesAnywayOnAWholeSample() {
        kept.add(new byte[15_001]);
        kept.add(new byte[6000]);
        KeptAudio.Snapshot snapshot = kept.snapshot();
        assertThat(snapshot.bytes()).isLessThanOrEqualTo(20_000);
        assertThat(snapshot.startSeconds() * 2000 % 2).isZero();
    }

    @Test
    void anEncodingItCannotMeasureKeepsNothing() {
        assertThat(KeptAudio.of(new AudioFormatSpec("opus", 48000), Duration.ofSeconds(60))).isNull();
    }
}
