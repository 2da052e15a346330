package dev.earshot.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A run's results: printed as a table as each step ends, and written as one JSON document that a
 * later run can be compared with. Not thread-safe: the command's thread alone uses it.
 */
final class Report {

    private static final String HEADER = String.format(Locale.ROOT, "%6s %5s %6s %5s %8s %7s %7s %7s %7s %7s %7s %6s %8s %6s %5s %7s",
            "via", "N", "delay", "mode", "audio_s", "p50", "p95", "p99", "max", "ttft50", "WER%", "cpu/s", "rss_pk", "errs",
            "close", "rec b/a");

    private final PrintWriter out;
    private final Map<String, Object> document = new LinkedHashMap<>();
    private final List<StepResult> steps = new ArrayList<>();
    private boolean headerPrinted;

    Report(PrintWriter out, String command, Target target) {
        this.out = out;
        document.put("command", command);
        document.put("started", Instant.now().toString());
        document.put("cores", Runtime.getRuntime().availableProcessors());
        document.put("loadAverageAtStart", loadAverage());
        document.put("server", target.baseUrl());
        document.put("cpuSource", target.cpuSource());
        document.put("latencyDefinition", "per committed word: arrival of its delta minus the send of the chunk "
                + "holding the word's end, minus the target delay, in ms");
        document.put("steps", steps);
        out.println("cpu: " + target.cpuSource());
    }

    /** Adds a top-level figure to the JSON and prints it. */
    void put(String key, Object value) {
        document.put(key, value);
        out.printf(Locale.ROOT, "%s: %s%n", key, value);
        out.flush();
    }

    void step(StepResult s) {
        steps.add(s);
        if (!headerPrinted) {
            out.println(HEADER);
            headerPrinted = true;
        }
        Stats l = s.latencyBeyondDelayMs();
        out.printf(Locale.ROOT, "%6s %5d %6d %5s %8.1f %7.0f %7.0f %7.0f %7.0f %7.0f %7.2f %6.3f %8.0f %6d %5d %3d/%-3d%n",
                s.via().name().toLowerCase(Locale.ROOT), s.streams(), s.delayMs(), s.realTime() ? "rt" : "fast",
                s.audioSeconds(), l.p50(), l.p95(), l.p99(), l.max(), s.firstTextMs().p50(), 100 * s.wer(), s.cpuSecondsPerAudioSecond(), s.rssMb().peak(),
                s.errors(), s.unexpectedCloses(), s.recognizersBefore(), s.recognizersAfter());
        s.firstErrors().forEach(e -> out.println("      error: " + e));
        out.flush();
    }

    void write(Path json) throws IOException {
        document.put("loadAverageAtEnd", loadAverage());
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), document);
            out.println("wrote " + json);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
