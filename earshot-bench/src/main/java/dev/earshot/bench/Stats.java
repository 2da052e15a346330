package dev.earshot.bench;

import java.util.List;

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
        return new Stats(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1],
                mean);
    }

    /** The nearest-rank percentile: the smallest value with at least p% of the sample at or below it. */
    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
