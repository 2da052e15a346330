package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.earshot.audio.AudioFormat;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.TargetDelay;

/**
 * Misbehaving clients against one real server: while each fault happens, a well-behaved session
 * runs beside it and must get the transcript an in-process transcriber gets; afterwards the
 * server answers {@code /health}, every recognizer is back and the platform threads are back near
 * where they were.
 */
class FaultToleranceTest {

    /** Platform threads a fault may leave behind for a while (Jetty's pool grows and shrinks). */
    private static final int THREAD_SLACK = 8;
    private static final int CHUNK_BYTES = 3200;
    private static final int TINY_CHUNK_BYTES = 32;
    /** 480 ms of the default 16 kHz 16-bit audio, the SDKs' chunk. */
    private static final int HALF_SECOND_BYTES = 15_360;
    private static final int RESET_CLIENTS = 3;
    /** 48 s of audio: more than a session queues, so the client's writes block before the reset. */
    private static final int FRAMES_PER_RESET_CLIENT = 100;

    private static EarshotServer server;
    private static byte[] audio;
    private static String reference;
    private static int threadsBefore;
    private CompletableFuture<String> wellBehaved;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.builder().idleTimeout(Duration.ofSeconds(1)).build());
        audio = Recordings.brief().data();
        reference = inProcess(CHUNK_BYTES);
        assertThat(reference).isNotBlank();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @BeforeEach
    void startWellBehavedSession() throws InterruptedException {
        CheckRecognizers.awaitOpen(0);
        threadsBefore = platformThreads();
        wellBehaved = CompletableFuture.supplyAsync(() -> transcribe(CHUNK_BYTES),
                command -> Thread.ofVirtual().start(command));
    }

    @AfterEach
    void checkServerAndResources() throws Exception {
        assertThat(wellBehaved.get(60, TimeUnit.SECONDS)).as("the well-behaved session's transcript")
                .isEqualTo(reference);
        assertThat(health()).isEqualTo(200);
        CheckRecognizers.awaitOpen(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (platformThreads() > threadsBefore + THREAD_SLACK && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(platformThreads()).as("platform threads, before: " + threadsBefore)
                .isLessThanOrEqualTo(threadsBefore + THREAD_SLACK);
    }

    @Test
    void clientVanishesMidStream() {
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        client.expect(ServerEvent.SessionCreated.class);
        Recordings.chunks(audio, CHUNK_BYTES).stream().limit(10)
                .forEach(chunk -> client.send(new ClientEvent.InputAudioAppend(chunk)));
        client.socket().abort();
    }

    @Test
    void resetConnectionsEndTheirSessionsBeforeTheQueuedAudio() throws Exception {
        // Each client sends more audio than its session's queue holds, reads nothing, then drops
        // the connection with a reset: what it sent is decoded for no one, so it must not be.
        String path = "/v1/audio/transcriptions/realtime?model=" + ServerConfig.SEED_MODEL_ID;
        List<String> frames = Recordings.chunks(audio, HALF_SECOND_BYTES).stream()
                .map(chunk -> "{\"type\":\"input_audio.append\",\"audio\":\"" + chunk + "\"}").toList();
        double decodedBefore = TestServers.metric(server, "earshot_audio_seconds_total");
        AtomicInteger framesWritten = new AtomicInteger();
        for (int client = 0; client < RESET_CLIENTS; client++) {
            RawWebSocket ws = RawWebSocket.open(server.port(), path);
            assertThat(ws.read().text()).contains("\"session.created\"");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < FRAMES_PER_RESET_CLIENT; i++) {
                        ws.sendText(frames.get(i % frames.size()));
                        framesWritten.incrementAndGet();
                    }
                } catch (IOException e) {
                    // The reset below ends a write the full queue held up.
                }
            });
            writer.join(Duration.ofSeconds(3));
            ws.reset();
            writer.join();
        }
        wellBehaved.get(60, TimeUnit.SECONDS);
        TestServers.awaitMetric(server, "earshot_sessions_active 0.0");
        double sent = framesWritten.get() * HALF_SECOND_BYTES / 32_000.0;
        double decoded = TestServers.metric(server, "earshot_audio_seconds_total") - decodedBefore
                - audio.length / 32_000.0;
        assertThat(sent).as("seconds of audio the clients wrote").isGreaterThan(RESET_CLIENTS * 30.0);
        assertThat(decoded).as("seconds of the reset clients' audio decoded, of %.1f sent", sent)
                .isLessThan(sent / 4);
    }

    @Test
    void silentClientIsEndedByTheIdleTimeout() {
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        client.expect(ServerEvent.SessionCreated.class);
        client.expectError(429, "no audio for 1 s: idle timeout");
        client.expectClose(1008);
        client.assertExhausted();
    }

    @Test
    void tenMegabyteFrameIsClosedWith1009() {
        // The default idle timeout: on a loaded machine the 10 MB can take longer than this
        // class's 1 s to arrive, and no audio arrives meanwhile.
        try (EarshotServer patient = TestServers.start(TestServers.config())) {
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(patient), TestServers.AUTH);
            client.expect(ServerEvent.SessionCreated.class);
            String huge = "{\"type\":\"input_audio.append\",\"audio\":\"" + "A".repeat(10 * 1024 * 1024) + "\"}";
            client.socket().sendText(huge, true);
            // The server closes with 1009 while the frame is still being written; whether the client
            // reads that close frame or first fails its write with a broken pipe is up to the race.
            Object end = client.next();
            if (end instanceof RealtimeRecorder.Closed closed) {
                assertThat(closed.code()).isEqualTo(1009);
            } else {
                assertThat(end).isInstanceOf(RealtimeRecorder.Failed.class);
                assertThat(((RealtimeRecorder.Failed) end).error()).isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void fiveHundredConnectionsOpenAndCloseInARow() throws Exception {
        String path = "/v1/audio/transcriptions/realtime?model=" + ServerConfig.SEED_MODEL_ID;
        for (int i = 0; i < 500; i++) {
            try (RawWebSocket ws = RawWebSocket.open(server.port(), path)) {
                assertThat(ws.read().text()).as("connection " + i).contains("\"session.created\"");
                ws.sendClose();
                assertThat(ws.read().opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            }
        }
    }

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() throws Exception {
        String path = "/v1/audio/transcriptions/realtime?model=" + ServerConfig.SEED_MODEL_ID;
        try (RawWebSocket ws = RawWebSocket.open(server.port(), path)) {
            assertThat(ws.read().text()).contains("\"session.created\"");
            ws.send(RawWebSocket.OP_TEXT, new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'});
            RawWebSocket.Frame frame = ws.read();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
            assertThat(frame.closeCode()).as("close code (RFC 6455 7.4.1: 1007 inconsistent data)").isEqualTo(1007);
        }
    }

    @Test
    void jsonNestedTenThousandDeepIsAnErrorAndTheSessionGoesOn() {
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        client.expect(ServerEvent.SessionCreated.class);
        client.sendText("{\"type\":\"input_audio.append\",\"audio\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        client.expectError(400);
        client.send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(audio)));
        client.send(new ClientEvent.InputAudioEnd());
        assertThat(client.expectTranscription().text()).isNotBlank();
        client.expectClose(1000);
        client.assertExhausted();
    }

    @Test
    void thousandsOfTinyChunksGiveTheSameTranscript() {
        // About 2,600 appends of 1 ms each, sent as fast as the socket takes them.
        String text = transcribe(TINY_CHUNK_BYTES);
        assertThat(text).isEqualTo(inProcess(TINY_CHUNK_BYTES));
    }

    /** The recording through the server in chunks of {@code chunkBytes}, as fast as the socket takes them. */
    private static String transcribe(int chunkBytes) {
        return transcribe(server, audio, chunkBytes);
    }

    static String transcribe(EarshotServer server, byte[] audio, int chunkBytes) {
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        client.expect(ServerEvent.SessionCreated.class);
        return transcribe(client, audio, chunkBytes);
    }

    /** Sends the audio on a session that has its {@code session.created}; returns the transcript. */
    static String transcribe(RealtimeRecorder client, byte[] audio, int chunkBytes) {
        Recordings.chunks(audio, chunkBytes).forEach(chunk -> client.send(new ClientEvent.InputAudioAppend(chunk)));
        return finish(client);
    }

    /** Flushes and ends a session whose audio is sent; returns the transcript once the server closed it. */
    static String finish(RealtimeRecorder client) {
        client.send(new ClientEvent.InputAudioFlush());
        client.send(new ClientEvent.InputAudioEnd());
        String text = client.expectTranscription().text();
        client.expectClose(1000);
        client.assertExhausted();
        return text;
    }

    /** The same bytes in the same chunks through an in-process transcriber at the server's default delay. */
    static String inProcess(int chunkBytes) {
        return InProcess.transcript(SharedEngine.get(), AudioFormat.DEFAULT, TargetDelay.DEFAULT,
                Recordings.chunks(audio, chunkBytes));
    }

    /** Live platform threads, less the JDK HTTP clients' selector threads, which belong to the tests. */
    static int platformThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isVirtual() && !t.getName().startsWith("HttpClient-")).count();
    }

    static int health() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(TestServers.http(server, "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
