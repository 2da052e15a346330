package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.earshot.engine.ModelSpec;
import dev.earshot.models.ModelConfig;
import dev.earshot.protocol.ServerEvent;

/** Session limits, graceful shutdown, safe binding and configuration; a server per test. */
class LimitsAndShutdownTest {

    @Test
    void sessionsOverTheLimitGet429AndTryAgainLater() {
        try (EarshotServer server = TestServers.start(TestServers.builder().maxSessions(1).build())) {
            RealtimeRecorder first = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            first.expect(ServerEvent.SessionCreated.class);
            RealtimeRecorder second = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            second.expectError(429, "too many sessions: the server runs at most 1 at once");
            second.expectClose(1013);
            second.assertExhausted();
            first.socket().sendClose(1000, "done");
            first.expectClose(1000);
            first.assertExhausted();
        }
    }

    @Test
    void idleSessionIsEnded() {
        try (EarshotServer server = TestServers.start(TestServers.builder().idleTimeout(Duration.ofSeconds(1)).build())) {
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            client.expect(ServerEvent.SessionCreated.class);
            client.expectError(429, "no audio for 1 s: idle timeout");
            client.expectClose(1008);
            client.assertExhausted();
        }
    }

    @Test
    void sessionOverTheMaximumLengthIsEnded() {
        try (EarshotServer server = TestServers.start(
                TestServers.builder().maxSessionLength(Duration.ofSeconds(1)).build())) {
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            client.expect(ServerEvent.SessionCreated.class);
            client.expectError(429, "session reached the maximum length of 1 s");
            client.expectClose(1008);
            client.assertExhausted();
        }
    }

    @Test
    void shutdownDrainsThenEndsRunningSessions() throws Exception {
        EarshotServer server = TestServers.start(TestServers.config());
        RealtimeRecorder running = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        running.expect(ServerEvent.SessionCreated.class);
        Thread shutdown = Thread.ofVirtual().start(() -> server.shutdown(Duration.ofSeconds(2)));

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(TestServers.http(server, "/ready")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        assertThat(status).isEqualTo(503);
        RealtimeRecorder refused = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        refused.expectError(503, "server shutting down: no new sessions");
        refused.expectClose(1001);
        refused.assertExhausted();

        running.expectError(503, "server shutting down: server shutting down");
        running.expectClose(1001);
        running.assertExhausted();
        shutdown.join(Duration.ofSeconds(10));
        assertThat(shutdown.isAlive()).isFalse();
        CheckRecognizers.awaitOpen(0);
    }

    @Test
    void refusesToServeAllInterfacesWithoutKeys() {
        ServerConfig open = ServerConfig.builder().host("0.0.0.0").port(0).build();
        EarshotServer server = new EarshotServer(open, List.of(SharedEngine.get()));
        assertThatThrownBy(server::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host 0.0.0.0 without api-keys: expected api-keys, a loopback host, or "
                        + "allow-unauthenticated (anyone who reaches it could transcribe)");
        try (EarshotServer allowed = TestServers.start(open.toBuilder().allowUnauthenticated(true).build())) {
            assertThat(allowed.port()).isPositive();
        }
    }

    @Test
    void configComesFromFileThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("earshot.properties");
        Files.writeString(file, """
                host = 0.0.0.0
                port = 9000
                api-keys = a, b
                idle-timeout-seconds = 30
                model.tiny = pocketsphinx-en-us
                model.folder = pocketsphinx:/models/en
                model.folder-alias = folder
                """);
        ServerConfig config = ServerConfig.fromEnvironmentAndFile(Map.of("EARSHOT_PORT", "9100",
                "EARSHOT_MAX_SESSIONS", "8", "PATH", "/bin", "EARSHOT_MODEL_WHISPER_TINY", "whisper:ggml-tiny.bin"), file);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.apiKeys()).isEqualTo(Set.of("a", "b"));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxSessions()).isEqualTo(8);
        assertThat(config.models().aliases()).containsEntry("tiny", "pocketsphinx-en-us")
                .containsEntry("folder-alias", "folder").containsEntry(ServerConfig.SEED_MODEL_ID, ServerConfig.DEFAULT_ENGINE);
        assertThat(config.models().models()).containsExactly(ModelConfig.DEFAULT_MODEL,
                new ModelSpec("folder", "pocketsphinx", "/models/en"), new ModelSpec("whisper-tiny", "whisper", "ggml-tiny.bin"));
        assertThat(config.toString()).doesNotContain("a, b").contains("2 key(s)");
        assertThatThrownBy(() -> ServerConfig.fromEnvironmentAndFile(Map.of("EARSHOT_MAX_CHUNK_BYTES", "300000"), null))
                .hasMessage("max-chunk-bytes 300000 out of range: expected 1 to 262144");
    }
}
