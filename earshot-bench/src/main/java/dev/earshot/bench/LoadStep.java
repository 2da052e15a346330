package dev.earshot.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import dev.earshot.client.RealtimeClient;
import dev.earshot.os.CpuTime;
import dev.earshot.os.ProcStatus;

/**
 * Runs N concurrent streams against a {@link Target}'s server, or through the streaming core alone
 * on the target's engine in this process ({@link Via}). Each stream is a virtual thread that sends
 * recordings back to back, one session each, starting at a different recording, until it has sent
 * the audio asked for; starts are staggered over one chunk so that the streams' chunks do not all
 * arrive at the same instant.
 */
final class LoadStep {

    /** Where a step's streams go. */
    enum Via {
        /** Over WebSockets to the target's server, CPU and memory the server's. */
        SERVER,
        /**
         * Through {@link dev.earshot.streaming.StreamingTranscriber} on the target's engine, CPU and
         * memory this process's.
         */
        CORE
    }

    /** How often resident memory is sampled for its peak. */
    private static final long RSS_SAMPLE_MS = 200;
    /** How long recognizers get to close after the last session before the count is read. */
    private static final long SETTLE_MS = 5_000;

    private final Target target;
    private final RealtimeClient client;
    private final References references;
    private final List<Recording> recordings;
    private final String model;
    private final int chunkMs;

    LoadStep(Target target, References references, List<Recording> recordings, String model, String apiKey,
            int chunkMs) {
        this.target = target;
        this.references = references;
        this.recordings = recordings;
        this.model = model;
        this.chunkMs = chunkMs;
        RealtimeClient.Builder builder = RealtimeClient.builder().baseUrl(target.baseUrl());
        if (apiKey != null) {
            builder.apiKey(apiKey);
        }
        this.client = builder.build();
    }

    /**
     * Runs one step. Over the server, reference decodes for {@code delayMs} (where each word ends)
     * happen first, outside the measurement; through the core, the commits carry the word ends.
     *
     * @param secondsPerStream audio each stream sends, in whole recordings (at least one)
     */
    StepResult run(Via via, int streams, int delayMs, boolean realTime, double secondsPerStream)
            throws InterruptedException {
        StreamRunner runner;
        Gauges gauges;
        if (via == Via.SERVER) {
            references.prepare(recordings, delayMs);
            runner = new SessionRunner(client, model, chunkMs, realTime);
            gauges = new Gauges(target::cpuNanos, target::rssBytes, target::openRecognizers);
        } else {
            runner = new CoreRunner(target.engine(), chunkMs, realTime);
            gauges = new Gauges(CpuTime::selfNanos, () -> ProcStatus.residentBytes("self"),
                    target.engine()::openRecognizers);
        }
        int recognizersBefore = gauges.recognizers().getAsInt();
        long rssBefore = gauges.rss().getAsLong();
        AtomicLong peak = new AtomicLong(rssBefore);
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = Thread.ofVirtual().start(() -> sampleRss(gauges.rss(), peak, done));
        List<SessionResult> results = Collections.synchronizedList(new ArrayList<>());
        long cpuBefore = gauges.cpu().getAsLong();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int stream = i;
                futures.add(threads.submit(() -> stream(runner, stream, streams, delayMs, secondsPerStream, results)));
            }
            for (Future<?> f : futures) {
                join(f);
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long cpuAfter = gauges.cpu().getAsLong();
        done.set(true);
        sampler.join();
        int recognizersAfter = awaitRecognizers(gauges.recognizers(), recognizersBefore);
        double audio = results.stream().mapToDouble(SessionResult::audioSeconds).sum();
        double cpuPerAudio = cpuBefore < 0 || cpuAfter < 0 || audio == 0 ? -1 : (cpuAfter - cpuBefore) / 1e9 / audio;
        StepResult.Rss rss = new StepResult.Rss(mb(rssBefore), mb(peak.get()), mb(gauges.rss().getAsLong()));
        return StepResult.of(via, streams, delayMs, realTime, List.copyOf(results), wall, cpuPerAudio, rss,
                recognizersBefore, recognizersAfter);
    }

    /** Where a step reads CPU nanoseconds, resident bytes (-1 if unknown) and open recognizers. */
    private record Gauges(LongSupplier cpu, LongSupplier rss, IntSupplier recognizers) {
    }

    private Object stream(StreamRunner runner, int stream, int streams, int delayMs, double seconds,
            List<SessionResult> results) throws InterruptedException {
        Thread.sleep((long) stream * chunkMs / streams);
        double sent = 0;
        for (int k = stream; sent < seconds; k++) {
            Recording r = recordings.get(k % recordings.size());
            SessionResult result = runner.run(r, delayMs, references.get(r, delayMs));
            results.add(result);
            sent += r.seconds();
            if (result.error() != null) {
                Thread.sleep(chunkMs); // A failing server must not be hammered in a tight loop.
            }
        }
        return null;
    }

    private static int awaitRecognizers(IntSupplier recognizers, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MS * 1_000_000;
        int open = recognizers.getAsInt();
        while (open != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            open = recognizers.getAsInt();
        }
        return open;
    }

    private static void sampleRss(LongSupplier rss, AtomicLong peak, AtomicBoolean done) {
        while (!done.get()) {
            peak.accumulateAndGet(rss.getAsLong(), Math::max);
            try {
                Thread.sleep(RSS_SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void join(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a stream failed outside its sessions: " + e.getCause(), e.getCause());
        }
    }

    private static double mb(long bytes) {
        return bytes < 0 ? -1 : bytes / 1e6;
    }
}
