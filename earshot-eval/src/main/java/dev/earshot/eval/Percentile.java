package dev.earshot.eval;

/** Nearest-rank percentiles, as Earshot's benchmarks and {@code earshot bench eval} report them. */
public final class Percentile {

    private Percentile() {
    }

    /**
     * The smallest value with at least {@code p}% of the sample at or below it.
     *
     * @param sorted the sample in ascending order; not empty
     * @param p      the percentile, 0 to 100
     */
    public static double nearestRank(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
