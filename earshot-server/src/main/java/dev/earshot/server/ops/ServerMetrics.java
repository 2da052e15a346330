package dev.earshot.server.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.os.ProcStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's Prometheus metrics. Names as scraped from {@code GET /metrics}:
 * <ul>
 *   <li>{@code earshot_sessions_active} (gauge) and {@code earshot_sessions_total} (counter)</li>
 *   <li>{@code earshot_audio_seconds_total}: seconds of audio transcribed</li>
 *   <li>{@code earshot_processing_seconds_total}: wall time spent in the engine; divided by
 *       the audio seconds, the real-time factor</li>
 *   <li>{@code earshot_session_real_time_factor}: the same ratio per finished session</li>
 *   <li>{@code earshot_text_latency_beyond_target_seconds}: per committed text, the time from
 *       the arrival of the audio up to its last word's end to the commit, minus the target delay</li>
 *   <li>{@code earshot_errors_total{code}}: {@code error} events sent, and batch requests refused, by code</li>
 *   <li>{@code earshot_batch_jobs_active} (gauge) and {@code earshot_batch_jobs_total{outcome}}
 *       (counter: done, error, client_gone, cut by a drain): batch transcriptions, whose audio and engine time
 *       count in the two totals above too</li>
 *   <li>{@code earshot_recognizers_open{engine}}: {@link SpeechEngine#openRecognizers()}</li>
 *   <li>{@code earshot_process_resident_memory_bytes}: VmRSS of the server process (Linux; -1 elsewhere)</li>
 *   <li>{@code jvm_threads_live_threads} and the other JVM thread gauges: platform threads, so that a
 *       soak test can see leaks (virtual threads are not counted)</li>
 * </ul>
 * Thread-safe.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger batchActive = new AtomicInteger();
    private final Counter sessions;
    private final Counter audioSeconds;
    private final Counter processingSeconds;
    private final DistributionSummary realTimeFactor;
    private final DistributionSummary latency;

    public ServerMetrics(Iterable<SpeechEngine> engines) {
        Gauge.builder("earshot.sessions.active", active, AtomicInteger::get)
                .description("Realtime sessions running now").register(registry);
        sessions = Counter.builder("earshot.sessions").description("Realtime sessions started").register(registry);
        Gauge.builder("earshot.batch.jobs.active", batchActive, AtomicInteger::get)
                .description("Batch transcriptions running now").register(registry);
        audioSeconds = Counter.builder("earshot.audio.seconds").description("Seconds of audio transcribed")
                .register(registry);
        processingSeconds = Counter.builder("earshot.processing.seconds")
                .description("Wall time spent in the engine, in seconds; over the audio seconds, the real-time factor")
                .register(registry);
        realTimeFactor = DistributionSummary.builder("earshot.session.real.time.factor")
                .description("Engine time over audio time, per finished session").register(registry);
        latency = DistributionSummary.builder("earshot.text.latency.beyond.target").baseUnit("seconds")
                .description("Per committed text: from the arrival of its audio to the commit, minus the target delay")
                .serviceLevelObjectives(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10).register(registry);
        Gauge.builder("earshot.process.resident.memory", ServerMetrics::residentBytes).baseUnit("bytes")
                .description("Resident memory of the server process (VmRSS; -1 where unknown)").register(registry);
        new JvmThreadMetrics().bindTo(registry);
        for (SpeechEngine engine : engines) {
            Gauge.builder("earshot.recognizers.open", engine, SpeechEngine::openRecognizers)
                    .description("Recognizers the engine holds open").tag("engine", engine.id()).register(registry);
        }
    }

    public void sessionStarted() {
        active.incrementAndGet();
        sessions.increment();
    }

    public void batchJobStarted() {
        batchActive.incrementAndGet();
    }

    /** A batch job ended: {@code done}, {@code error}, {@code client_gone} or {@code cut} (by a drain). */
    public void batchJobEnded(String outcome) {
        batchActive.decrementAndGet();
        Counter.builder("earshot.batch.jobs").description("Batch transcriptions ended, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** A session ended after transcribing {@code audio} seconds in {@code processingNanos} of engine time. */
    public void sessionEnded(double audio, long processingNanos) {
        active.decrementAndGet();
        if (audio > 0) {
            realTimeFactor.record(processingNanos / 1e9 / audio);
        }
    }

    /** Engine work on {@code audio} more seconds of audio took {@code nanos}. */
    public void processed(double audio, long nanos) {
        audioSeconds.increment(audio);
        processingSeconds.increment(nanos / 1e9);
    }

    /** Latency beyond the target. Text committed early (a flush) counts as 0: a summary takes
     *  no negative values, and early is as good as on time. */
    public void textLatencyBeyondTarget(Duration beyond) {
        latency.record(Math.max(0, beyond.toNanos()) / (double) TimeUnit.SECONDS.toNanos(1));
    }

    public void error(int code) {
        Counter.builder("earshot.errors").description("Error events sent to clients, by code")
                .tag("code", Integer.toString(code)).register(registry).increment();
    }

    public int activeSessions() {
        return active.get();
    }

    /** VmRSS from {@code /proc/self/status}, or -1 where there is none. */
    private static double residentBytes() {
        return ProcStatus.residentBytes("self");
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }
}
