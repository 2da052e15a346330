package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void nearestRankPercentiles() {
        List<Double> oneToHundred = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        Stats s = Stats.of(oneToHundred);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p95()).isEqualTo(95);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.mean()).isEqualTo(50.5);
    }

    @Test
    void emptySampleIsNaN() {
        assertThat(Stats.of(List.of()).p95()).isNaN();
    }

    @Test
    void metricsTextSumsEveryLabelOfAName() {
        String text = """
                # HELP earshot_recognizers_open
                earshot_recognizers_open{engine="a"} 2.0
                earshot_recognizers_open{engine="b"} 3.0
                earshot_recognizers_open_other 9.0
                """;
        assertThat(MetricsText.sum(text, "earshot_recognizers_open")).isEqualTo(5.0);
    }

    @Test
    void theLibrivoxSetHasItsFiveRecordings() throws Exception {
        assertThat(Recording.readAll(List.of(Recording.LIBRIVOX))).hasSize(5);
    }
}
