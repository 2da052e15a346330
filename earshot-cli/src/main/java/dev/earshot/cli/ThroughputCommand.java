package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelRegistry;
import dev.earshot.os.CpuTime;
import dev.earshot.os.ProcStatus;
import dev.earshot.streaming.TargetDelay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot bench throughput}: many streams at once in one process, fed as fast as the engine takes
 * them. Reports the combined real-time factor and the resident memory each extra stream costs, and
 * can write every transcript so that it can be compared with the same file decoded alone.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Decode N streams at once, faster than real time; report speed and memory per stream.")
final class ThroughputCommand implements Callable<Integer> {

    /** How often resident memory is sampled for its peak. */
    private static final long RSS_SAMPLE_MS = 20;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "WAV files, given to the streams in turn")
    List<Path> files;

    @Option(names = "--streams", defaultValue = "8", description = "streams at once (default ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--delay", defaultValue = "" + TargetDelay.DEFAULT_MS, paramLabel = "MS")
    int delayMs;

    @Option(names = "--transcripts", paramLabel = "TSV", description = "write file<TAB>text of every stream here")
    Path transcriptsOut;

    @Mixin
    ModelOption model;

    @Option(names = "--repeat", defaultValue = "1",
            description = "play each file this many times back to back in its stream, so that streams run long "
                    + "and end together (default ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<WavAudio> audio = new ArrayList<>();
        for (Path f : files) {
            audio.add(repeated(WavReader.read(f), repeat));
        }
        try (ModelRegistry models = model.open(Map.of())) {
            SpeechEngine engine = models.require(model.id);
            run(engine, audio, 1);
            long alone = peakRss(() -> run(engine, audio, 1));
            // Untimed: loads the decoders the timed run needs (0.25 s each), as a running server has.
            run(engine, audio, streams);
            double seconds = 0;
            long start = System.nanoTime();
            long cpu = CpuTime.selfNanos();
            List<String> texts = new ArrayList<>();
            long together = peakRss(() -> texts.addAll(run(engine, audio, streams)));
            double wall = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < streams; i++) {
                seconds += audio.get(i % audio.size()).seconds();
            }
            out.printf("streams=%d audio_s=%.1f wall_s=%.2f speed=%.2fx_realtime cpu_s/audio_s=%.4f%n", streams, seconds,
                    wall, seconds / wall, (CpuTime.selfNanos() - cpu) / 1e9 / seconds);
            out.printf("peak_rss_1_stream_mb=%.1f peak_rss_%d_streams_mb=%.1f rss_per_extra_stream_mb=%.1f%n",
                    alone / 1e6, streams, together / 1e6, (together - alone) / 1e6 / Math.max(1, streams - 1));
            writeTranscripts(texts);
        }
        return 0;
    }

    private static WavAudio repeated(WavAudio wav, int times) {
        byte[] data = new byte[wav.data().length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(wav.data(), 0, data, i * wav.data().length, wav.data().length);
        }
        return new WavAudio(wav.format(), data);
    }

    private List<String> run(SpeechEngine engine, List<WavAudio> audio, int n) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                WavAudio wav = audio.get(i % audio.size());
                results.add(pool.submit(
                        () -> TranscribeCommand.transcribe(engine, wav, new TargetDelay(delayMs), event -> { }).text()));
            }
            List<String> texts = new ArrayList<>();
            for (Future<String> f : results) {
                texts.add(f.get());
            }
            return texts;
        } catch (Exception e) {
            throw new IllegalStateException("a stream failed: " + e.getMessage(), e);
        }
    }

    private void writeTranscripts(List<String> texts) throws IOException {
        if (transcriptsOut == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(files.get(i % files.size()) + "\t" + texts.get(i));
        }
        Files.write(transcriptsOut, lines);
    }

    /** Runs {@code work} while sampling VmRSS; returns the peak in bytes. */
    private static long peakRss(Runnable work) throws InterruptedException {
        AtomicLong peak = new AtomicLong(rssBytes());
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(rssBytes(), Math::max);
                try {
                    Thread.sleep(RSS_SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            work.run();
        } finally {
            done.set(true);
            sampler.join();
        }
        return Math.max(peak.get(), rssBytes());
    }

    private static long rssBytes() {
        return ProcStatus.residentBytes("self");
    }
}
