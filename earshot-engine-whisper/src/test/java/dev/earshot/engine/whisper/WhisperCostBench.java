package dev.earshot.engine.whisper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.StreamOptions;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TextCommit;

/**
 * The cost of the Whisper engine on generated models of tiny.en's and base.en's dimensions: CPU
 * per audio second, split into encoder and decoder, and how far past the target delay words are
 * committed in stream time. Not a unit test: runs only with
 * {@code -Dearshot.whisper.bench=RUNS}, e.g. {@code tiny:cut:480:1,base:cut:960:2:paced}, and
 * prints one table row per run (docs/benchmarks.md has the command and the figures).
 *
 * <p>Audio is fed in 20 ms chunks, as fast as the engine takes it, or with {@code :paced} at real
 * time (a chunk is handed over once the wall clock has passed its end, as a live microphone would):
 * then the row also gives the lag beyond the delay in wall time, from the moment a word's end was
 * handed over to the moment its commit came back, which adds each step's decode time and any
 * falling behind to the stream-time lag. Each stream's CPU is its thread's (whisper decodes on the
 * calling thread with one ggml thread).
 */
@EnabledIfSystemProperty(named = "earshot.whisper.bench", matches = ".+")
class WhisperCostBench {

    /** 27 s of read speech with pauses (Harvard sentences), 16 kHz. */
    static final Path RECORDING = Path.of(System.getProperty("earshot.shared.dir", "../shared"),
            "eval/fetched/gentle_harvard_list30_s1-5.wav");
    /** 20 ms of 16 kHz 16-bit mono. */
    private static final int CHUNK_BYTES = 640;
    private static final Map<String, ModelLayout> SIZES = Map.of("tiny", WhisperModels.TINY_EN,
            "base", WhisperModels.BASE_EN);

    /** The same outside JUnit, for several runs at once in separate processes (arguments: RUNS). */
    public static void main(String[] args) throws Exception {
        System.setProperty("earshot.whisper.bench", args[0]);
        new WhisperCostBench().measure();
    }

    @Test
    void measure() throws Exception {
        WavAudio wav = WavReader.read(RECORDING);
        System.out.println("| model | audio_ctx | delay ms | streams | CPU s per audio s | encoder | decoder | "
                + "decodes | tokens per decode | lag p50 / p95 / max beyond delay (stream ms) | "
                + "paced: lag p50 / p95 / max beyond delay (wall ms) |");
        for (String run : System.getProperty("earshot.whisper.bench").split(",")) {
            String[] p = run.split(":");
            boolean paced = p.length > 4 && p[4].equals("paced");
            System.out.println(row(p[0], p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]), paced, wav));
        }
    }

    private static String row(String size, String ctx, int delay, int streams, boolean paced, WavAudio wav)
            throws Exception {
        Path model = WhisperModels.arranged("bench-" + size + ".en.bin", SIZES.get(size));
        WhisperEngine engine = (WhisperEngine) new WhisperProvider().open(new ModelSpec("whisper-" + size, "whisper",
                model.toString(), Map.of("audio-ctx", ctx)));
        List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        List<Long> wallLags = Collections.synchronizedList(new ArrayList<>());
        long cpu = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(streams)) {
            List<Future<Long>> runs = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                runs.add(pool.submit(() -> stream(engine, wav, delay, paced, lags, wallLags)));
            }
            for (Future<Long> f : runs) {
                cpu += f.get();
            }
        } finally {
            engine.close();
        }
        WhisperEngine.Cost cost = engine.cost();
        double audioSeconds = cost.audioMs() / 1000.0;
        return String.format(Locale.ROOT, "| %s.en-sized | %s | %d | %d | %.2f | %.2f | %.2f | %d | %.1f | %s | %s |",
                size, ctx, delay, streams, cpu / 1e9 / audioSeconds, cost.encodeNanos() / 1e9 / audioSeconds,
                cost.decodeNanos() / 1e9 / audioSeconds, cost.decodes(), cost.tokens() / (double) cost.decodes(),
                spread(lags), paced ? spread(wallLags) : "-");
    }

    private static String spread(List<Long> lags) {
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        return percentile(sorted, 50) + " / " + percentile(sorted, 95) + " / "
                + (sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    /**
     * Streams the recording once, at real time if {@code paced}; adds each word committed before
     * the end to {@code lags} (stream time) and, if paced, to {@code wallLags}. Returns the thread's
     * CPU nanoseconds.
     */
    private static long stream(WhisperEngine engine, WavAudio wav, int delay, boolean paced, List<Long> lags,
            List<Long> wallLags) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        int bytesPerMs = wav.format().sampleRate() * wav.format().encoding().bytesPerSample() / 1000;
        try (StreamingTranscriber t = new StreamingTranscriber(engine, wav.format(), StreamOptions.ofDelay(delay))) {
            byte[] pcm = wav.data();
            long wallStart = System.nanoTime();
            for (int at = 0; at < pcm.length; at += CHUNK_BYTES) {
                int end = Math.min(pcm.length, at + CHUNK_BYTES);
                if (paced) {
                    long sleepMs = end / bytesPerMs - (System.nanoTime() - wallStart) / 1_000_000;
                    if (sleepMs > 0) {
                        Thread.sleep(sleepMs);
                    }
                }
                List<TextCommit> commits = t.append(Arrays.copyOfRange(pcm, at, end)).stream()
                        .filter(TextCommit.class::isInstance).map(TextCommit.class::cast).toList();
                long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
                for (TextCommit c : commits) {
                    c.words().forEach(w -> {
                        lags.add(c.audioMs() - w.endMs() - delay);
                        wallLags.add(wallMs - w.endMs() - delay);
                    });
                }
            }
            t.finish();
        }
        return threads.getCurrentThreadCpuTime() - start;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
