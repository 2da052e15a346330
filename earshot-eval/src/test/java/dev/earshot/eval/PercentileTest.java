package dev.earshot.eval;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentileTest {

    @Test
    void nearestRankOfOneToHundredIsTheRankItself() {
        double[] sorted = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Percentile.nearestRank(sorted, 50)).isEqualTo(50);
        assertThat(Percentile.nearestRank(sorted, 95)).isEqualTo(95);
        assertThat(Percentile.nearestRank(sorted, 0)).isEqualTo(1);
        assertThat(Percentile.nearestRank(sorted, 100)).isEqualTo(100);
    }

    @Test
    void smallSampleRoundsUpToTheNextValue() {
        assertThat(Percentile.nearestRank(new double[] {10, 20, 30}, 50)).isEqualTo(20);
        assertThat(Percentile.nearestRank(new double[] {10, 20, 30}, 99)).isEqualTo(30);
    }

    @Test
    void emptySampleIsRefused() {
        assertThatThrownBy(() -> Percentile.nearestRank(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
