package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.audio.WavReader;
import dev.earshot.client.RealtimeClient;
import dev.earshot.client.RealtimeConnection;
import dev.earshot.client.RealtimeException;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK against the real Earshot server on loopback port 0, with real recordings.
 *
 * <p>It lives in the CLI module, which depends on both the SDK and the server: the server's own
 * tests depend on the SDK, so the SDK's module cannot depend on the server, even for tests,
 * without a cycle in the build. It uses only the SDK's public API.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealServerTest {

    private static final String KEY = "sdk-test-key-0123456789";
    private static final String MODEL = ServerConfig.SEED_MODEL_ID;
    private static final AudioFormatSpec S16_16K = new AudioFormatSpec("pcm_s16le", 16000);
    private static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    /** 100 ms of 16 kHz 16-bit mono, what a live source sends at a time. */
    private static final int CHUNK_100_MS = 3200;

    private static ModelRegistry models;
    private static SpeechEngine engine;
    private static EarshotServer server;

    @BeforeAll
    static void start() {
        models = ModelRegistry.open(ModelConfig.defaults());
        engine = models.require(ModelConfig.DEFAULT_MODEL.id());
        server = startServer();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ZERO);
        models.close();
    }

    private static EarshotServer startServer() {
        EarshotServer started = new EarshotServer(ServerConfig.builder().port(0).apiKeys(Set.of(KEY)).build(),
                List.of(engine));
        started.start();
        return started;
    }

    private static RealtimeClient client(EarshotServer target, String key) {
        return RealtimeClient.builder().apiKey(key).baseUrl("http://127.0.0.1:" + target.port()).build();
    }

    private static byte[] recording(String id) throws IOException {
        return WavReader.read(LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-" + id + ".wav")).data();
    }

    private static List<byte[]> chunks(byte[] audio, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < audio.length; i += size) {
            out.add(Arrays.copyOfRange(audio, i, Math.min(audio.length, i + size)));
        }
        return out;
    }

    private static List<ServerEvent> transcribe(List<byte[]> audio, Integer delay) {
        return transcribe(audio, S16_16K, delay);
    }

    private static List<ServerEvent> transcribe(List<byte[]> audio, AudioFormatSpec format) {
        return transcribe(audio, format, null);
    }

    private static List<ServerEvent> transcribe(List<byte[]> audio, AudioFormatSpec format, Integer delay) {
        try (Stream<ServerEvent> events = client(server, KEY).audio().realtime()
                .transcribeStream(audio, MODEL, format, delay)) {
            return events.toList();
        }
    }

    private static String deltas(List<ServerEvent> events) {
        return events.stream().filter(e -> e instanceof ServerEvent.TextDelta)
                .map(e -> ((ServerEvent.TextDelta) e).text()).collect(Collectors.joining());
    }

    private static ServerEvent.TranscriptionDone done(List<ServerEvent> events) {
        assertThat(events.getLast()).isInstanceOf(ServerEvent.TranscriptionDone.class);
        return (ServerEvent.TranscriptionDone) events.getLast();
    }

    @Test
    void recordingYieldsEveryEventTypeAndDoneTextIsTheDeltasJoined() throws IOException {
        List<ServerEvent> events = transcribe(chunks(recording("0880"), CHUNK_100_MS), 720);

        assertThat(events.getFirst()).isInstanceOfSatisfying(ServerEvent.SessionCreated.class,
                created -> assertThat(created.session().model()).isEqualTo(MODEL));
        assertThat(events.get(1)).isInstanceOfSatisfying(ServerEvent.SessionUpdated.class,
                updated -> assertThat(updated.session().targetStreamingDelayMs()).isEqualTo(720));
        assertThat(events).hasAtLeastOneElementOfType(ServerEvent.LanguageDetected.class)
                .hasAtLeastOneElementOfType(ServerEvent.TextDelta.class)
                .hasAtLeastOneElementOfType(ServerEvent.Segment.class)
                .noneMatch(e -> e instanceof ServerEvent.ErrorEvent || e instanceof ServerEvent.UnknownEvent);
        ServerEvent.TranscriptionDone done = done(events);
        assertThat(done.text()).isEqualTo(deltas(events)).containsIgnoringCase("young man");
        List<String> segments = events.stream().filter(e -> e instanceof ServerEvent.Segment)
                .map(e -> ((ServerEvent.Segment) e).text()).toList();
        assertThat(String.join(" ", segments)).isEqualTo(done.text().strip());
        assertThat(done.segments()).hasSameSizeAs(segments);
    }

    @Test
    void sessionUpdateWithDelayIsAnsweredWithTheWholeSession() {
        try (RealtimeConnection connection = client(server, KEY).audio().realtime().connect(MODEL, null, 2400)) {
            assertThat(connection.session().targetStreamingDelayMs()).isNotEqualTo(2400);
            assertThat(connection.nextEvent(Duration.ofSeconds(5))).isInstanceOf(ServerEvent.SessionCreated.class);
            assertThat(connection.nextEvent(Duration.ofSeconds(5))).isInstanceOfSatisfying(
                    ServerEvent.SessionUpdated.class, updated -> {
                        assertThat(updated.session().targetStreamingDelayMs()).isEqualTo(2400);
                        assertThat(updated.session().audioFormat()).isEqualTo(S16_16K);
                        assertThat(updated.session().requestId()).isEqualTo(connection.session().requestId());
                    });
        }
    }

    @Test
    void unknownModelFailsConnectWithTheServersMessage() {
        assertThatThrownBy(() -> client(server, KEY).audio().realtime().connect("no-such-model", null, null))
                .isInstanceOfSatisfying(RealtimeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(404);
                    assertThat(e).hasMessageStartingWith("server error 404: unknown model 'no-such-model': expected one of")
                            .hasMessageContaining(MODEL);
                });
    }

    @Test
    void wrongApiKeyFailsConnectWith401() {
        assertThatThrownBy(() -> client(server, "wrong-key").audio().realtime().connect(MODEL, null, null))
                .isInstanceOfSatisfying(RealtimeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(401);
                    assertThat(e).hasMessageStartingWith("server error 401: ");
                });
    }

    @Test
    void chunkOf600000BytesIsSplitAndTranscribesAsSmallChunksDo() throws IOException {
        // 600,000 bytes at 48 kHz is 6.25 s: the recording upsampled, so the test stays short.
        AudioFormatSpec s16At48k = new AudioFormatSpec("pcm_s16le", 48000);
        byte[] audio = tripleRate(Arrays.copyOf(recording("0870"), 200_000));
        assertThat(audio).hasSize(600_000);

        String whole = done(transcribe(List.of(audio), s16At48k)).text();
        String small = done(transcribe(chunks(audio, CHUNK_100_MS * 3), s16At48k)).text();

        assertThat(whole).contains("mr john").isEqualTo(small);
    }

    /** 16-bit little-endian samples at three times the rate, linearly interpolated. */
    private static byte[] tripleRate(byte[] s16) {
        int n = s16.length / 2;
        byte[] out = new byte[n * 6];
        for (int i = 0; i < n; i++) {
            int a = (short) ((s16[2 * i] & 0xFF) | (s16[2 * i + 1] << 8));
            int b = i + 1 < n ? (short) ((s16[2 * i + 2] & 0xFF) | (s16[2 * i + 3] << 8)) : a;
            for (int k = 0; k < 3; k++) {
                int v = a + (b - a) * k / 3;
                out[6 * i + 2 * k] = (byte) v;
                out[6 * i + 2 * k + 1] = (byte) (v >> 8);
            }
        }
        return out;
    }

    @Test
    void serverShuttingDownMidStreamEndsTheSessionWithoutHanging() throws Exception {
        EarshotServer doomed = startServer();
        CompletableFuture<Void> shutdown;
        try (RealtimeConnection connection = client(doomed, KEY).audio().realtime().connect(MODEL, S16_16K, null)) {
            connection.sendAudio(Arrays.copyOf(recording("0880"), CHUNK_100_MS * 10));
            shutdown = CompletableFuture.runAsync(() -> doomed.shutdown(Duration.ZERO));
            List<ServerEvent> seen = new ArrayList<>();
            Iterator<ServerEvent> events = connection.events();
            assertThatThrownBy(() -> events.forEachRemaining(seen::add))
                    .isInstanceOfSatisfying(RealtimeException.class, e -> {
                        assertThat(e.closeCode()).isEqualTo(1001);
                        assertThat(e).hasMessageStartingWith("connection closed by the server with code 1001");
                    });
            assertThat(seen.getLast()).isInstanceOfSatisfying(ServerEvent.ErrorEvent.class,
                    error -> assertThat(error.error().code()).isEqualTo(503));
        }
        shutdown.get(20, TimeUnit.SECONDS);
    }

    @Test
    void serverShuttingDownEndsTranscribeStreamWithItsErrorEvent() throws Exception {
        EarshotServer doomed = startServer();
        Iterator<byte[]> live = Stream.generate(() -> {
            sleep(100);
            return new byte[CHUNK_100_MS];
        }).iterator();
        List<ServerEvent> seen = new ArrayList<>();
        try (Stream<ServerEvent> events = client(doomed, KEY).audio().realtime()
                .transcribeStream(live, MODEL, S16_16K, null)) {
            Iterator<ServerEvent> it = events.iterator();
            seen.add(it.next());
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> doomed.shutdown(Duration.ZERO));
            // As in the official SDKs, the stream yields the server's error and ends there: the
            // caller sees why, and the live source is no longer read.
            it.forEachRemaining(seen::add);
            shutdown.get(20, TimeUnit.SECONDS);
        }
        assertThat(seen.getFirst()).isInstanceOf(ServerEvent.SessionCreated.class);
        assertThat(seen.getLast()).isInstanceOfSatisfying(ServerEvent.ErrorEvent.class, error -> {
            assertThat(error.error().code()).isEqualTo(503);
            assertThat(error.error().messageText()).contains("shutting down");
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
