package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionsTest {

    private static final List<TranscriptSegment> SEGMENTS = List.of(
            new TranscriptSegment("the mr john dashwood", 0.21, 2.5),
            new TranscriptSegment("had not the strength", 61.0004, 3725.9996));

    @Test
    void srtNumbersCuesWithCommaMilliseconds() {
        assertThat(Captions.srt(SEGMENTS)).isEqualTo("""
                1
                00:00:00,210 --> 00:00:02,500
                the mr john dashwood

                2
                00:01:01,000 --> 01:02:06,000
                had not the strength

                """);
    }

    @Test
    void vttHasTheHeaderAndDotMilliseconds() {
        assertThat(Captions.vtt(SEGMENTS)).isEqualTo("""
                WEBVTT

                00:00:00.210 --> 00:00:02.500
                the mr john dashwood

                00:01:01.000 --> 01:02:06.000
                had not the strength

                """);
    }

    @Test
    void timestampsRoundToTheMillisecondAndNeverGoNegative() {
        assertThat(Captions.timestamp(0.0015, ',')).isEqualTo("00:00:00,002");
        assertThat(Captions.timestamp(-0.2, '.')).isEqualTo("00:00:00.000");
        assertThat(Captions.timestamp(360_000.25, '.')).isEqualTo("100:00:00.250");
    }

    @Test
    void noSegmentsGiveEmptyDocuments() {
        Transcript empty = new Transcript("", List.of(), 1.0);
        assertThat(TranscribeCommand.render(empty, TranscribeCommand.OutputFormat.srt)).isEmpty();
        assertThat(TranscribeCommand.render(empty, TranscribeCommand.OutputFormat.vtt)).isEqualTo("WEBVTT\n\n");
    }
}
