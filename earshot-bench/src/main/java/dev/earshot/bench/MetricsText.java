package dev.earshot.bench;

/** Reads values out of a Prometheus text exposition, as {@code GET /metrics} serves it. */
final class MetricsText {

    private MetricsText() {
    }

    /** The sum of every sample of {@code name} (any labels); 0 if there is none. */
    static double sum(String exposition, String name) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
