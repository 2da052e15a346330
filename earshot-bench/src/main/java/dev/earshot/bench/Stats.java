package dev.earshot.bench;

import java.util.List;

import dev.earshot.eval.Percentile;

/**
 * Order statistics of a sample, nearest-rank percentiles.
 *
 * @param count how many values; the other fields are NaN when 0
 */
record Stats(int count, double p50, double p95, double p99, double max, double mean) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Stats(sorted.length, Percentile.nearestRank(sorted, 50), Percentile.nearestRank(sorted, 95),
                Percentile.nearestRank(sorted, 99), sorted[sorted.length - 1], mean);
    }
}
