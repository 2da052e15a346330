package dev.earshot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.audio.AudioFormat;
import dev.earshot.client.RealtimeClient;
import dev.earshot.client.Resumption;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.ServerConfig;
import dev.earshot.streaming.Transcript;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SDK's resume against real servers: the TCP connection cut mid-stream (a loopback proxy resets
 * it), and an {@code earshot serve} process killed mid-stream with SIGKILL (the proxy then reaches
 * a second server, as a balancer would). Either way the caller reads one stream whose text is the
 * uninterrupted transcript but for the segment in flight, and whose {@code transcription.done}
 * says exactly what the deltas said. Each run prints the gap the caller saw.
 *
 * <p>The fault comes after the first segment and the first delta after it, so that the new session
 * must drop words the caller already has.
 */
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResumeTest {

    /** Five Harvard sentences, 27 s, a segment each. */
    private static final String RECORDING = "gentle_harvard_list30_s1-5";
    /**
     * Its first three sentences, cut in the pause after the third (15.6 to 17.7 s): one segment
     * finished before the fault, one in flight, one after it. The last two sentences would only
     * be decoded again, by every server and the reference.
     */
    private static final int FIRST_THREE_SENTENCES_MS = 16_600;
    /** Milliseconds between 100 ms chunks: 4x real time keeps the test short. */
    private static final long PACE = Long.getLong("earshot.resume.pace", 25);

    private static ModelRegistry models;
    private static SpeechEngine engine;
    private static byte[] audio;
    private static Transcript reference;

    @BeforeAll
    static void reference() {
        models = ModelRegistry.open(ModelConfig.defaults());
        engine = models.require(ModelConfig.DEFAULT_MODEL.id());
        audio = Arrays.copyOf(ResumedTranscript.recording(RECORDING),
                AudioFormat.DEFAULT.bytesPerSecond() / 1000 * FIRST_THREE_SENTENCES_MS);
        reference = ResumedTranscript.reference(engine, audio);
        assertThat(reference.segments()).hasSizeGreaterThanOrEqualTo(3);
    }

    @AfterAll
    static void closeEngine() {
        models.close();
    }

    @Test
    void cutConnectionResumesOnTheSameServer() throws Exception {
        EarshotServer server = new EarshotServer(ServerConfig.builder().port(0).build(), List.of(engine));
        server.start();
        try (server; LoopbackProxy proxy = new LoopbackProxy(List.of(server.port()))) {
            runWithFault(proxy, proxy::cut);
        }
    }

    @Test
    void killedServerResumesOnAnother() throws Exception {
        EarshotServer survivor = new EarshotServer(ServerConfig.builder().port(0).build(), List.of(engine));
        try (Node doomed = Node.start("resume"); survivor) {
            survivor.start();
            doomed.awaitReady(Duration.ofSeconds(60));
            try (LoopbackProxy proxy = new LoopbackProxy(List.of(doomed.port, survivor.port()))) {
                runWithFault(proxy, doomed::kill);
            }
        }
    }

    interface Fault {
        void cause() throws Exception;
    }

    private static void runWithFault(LoopbackProxy proxy, Fault fault) {
        List<Resumption> resumes = new CopyOnWriteArrayList<>();
        AtomicLong faultAt = new AtomicLong();
        int[] segmentsAtFault = {-1};
        int[] deltasAtFault = {-1};
        RealtimeClient client = RealtimeClient.builder().baseUrl("ws://127.0.0.1:" + proxy.port())
                // No pings: a server starved of CPU on a loaded machine can stay silent past three
                // intervals, and a resume it caused would be counted as one of the faults'.
                .pingInterval(Duration.ZERO).resume(Duration.ofSeconds(60)).onResume(resumes::add).build();
        RecordedStream stream;
        try (client) {
            stream = RecordedStream.run(client, audio, PACE, (event, sofar) -> {
                if (faultAt.get() == 0 && event instanceof ServerEvent.TextDelta && sofar.segments.size() == 1) {
                    segmentsAtFault[0] = sofar.segments.size();
                    deltasAtFault[0] = sofar.deltas.size() + 1; // with this one
                    faultAt.set(System.nanoTime());
                    try {
                        fault.cause();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
        assertThat(faultAt.get()).as("a fault mid-stream").isPositive();
        assertThat(resumes).hasSize(1);
        assertThat(stream.done).isNotNull();
        assertThat(stream.done.text()).isEqualTo(stream.text());
        ResumedTranscript.assertMatches(reference, segmentsAtFault[0], stream.text());
        assertThat(stream.segments).extracting(ServerEvent.Segment::end).isSorted();
        Resumption resumed = resumes.getFirst();
        long firstAfter = stream.deltaNanos.get(deltasAtFault[0]);
        System.out.printf("resume: %s; reconnect %d ms in %d attempt(s), resent %.2f s from %.2f s; "
                        + "fault to next text %d ms; longest gap between deltas %d ms (pace %d ms per 100 ms)%n",
                resumed.cause().getMessage(), resumed.reconnect().toMillis(), resumed.attempts(),
                resumed.resentSeconds(), resumed.fromSeconds(), (firstAfter - faultAt.get()) / 1_000_000,
                stream.longestGapMillis(), PACE);
    }
}
