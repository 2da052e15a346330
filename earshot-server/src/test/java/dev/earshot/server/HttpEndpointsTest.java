package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;

/** The HTTP endpoints and client secrets, over real HTTP. */
class HttpEndpointsTest {

    private static final String OTHER_MODEL = "other-model";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EarshotServer server;

    @BeforeAll
    static void startServer() {
        ServerConfig config = TestServers.config();
        server = TestServers.start(config.toBuilder().models(config.models().withAlias(OTHER_MODEL, ServerConfig.DEFAULT_ENGINE)).build());
    }

    @AfterAll
    static void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
    }

    static HttpResponse<String> get(String path, boolean withKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestServers.http(server, path));
        if (withKey) {
            request.header("Authorization", "Bearer " + TestServers.API_KEY);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body, boolean withKey) throws IOException, InterruptedException {
        return TestServers.post(server, path, body, withKey);
    }

    private static String secretFor(String model, int ttlSeconds) throws Exception {
        HttpResponse<String> response = post("/v1/client/sessions",
                "{\"purpose\":\"realtime\",\"model\":\"" + model + "\",\"ttl_seconds\":" + ttlSeconds + "}", true);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("client.session");
        assertThat(body.get("purpose").asText()).isEqualTo("realtime");
        long now = System.currentTimeMillis() / 1000;
        assertThat(body.get("expires_at").asLong()).isBetween(now + ttlSeconds - 2, now + ttlSeconds + 1);
        assertThat(body.get("client_secret").get("expires_at").asLong()).isEqualTo(body.get("expires_at").asLong());
        String secret = body.get("client_secret").get("value").asText();
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        return secret;
    }

    @Test
    void healthAndReadyAnswerWithoutKey() throws Exception {
        assertThat(get("/health", false).statusCode()).isEqualTo(200);
        assertThat(get("/ready", false).statusCode()).isEqualTo(200);
    }

    @Test
    void modelsAreListedInListShapeWithKeyOnly() throws Exception {
        assertThat(get("/v1/models", false).statusCode()).isEqualTo(401);
        HttpResponse<String> response = get("/v1/models", true);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("data").findValuesAsText("id"))
                .containsExactly(OTHER_MODEL, ServerConfig.DEFAULT_ENGINE, ServerConfig.SEED_MODEL_ID,
                        "voxtral-mini-transcribe-realtime-3", "voxtral-mini-transcribe-realtime-3-0",
                        "voxtral-mini-transcribe-realtime-latest");
        assertThat(body.get("data").findValuesAsText("object")).containsOnly("model");
        assertThat(body.get("data").findValuesAsText("owned_by")).containsOnly("earshot");
        assertThat(body.get("data").findValuesAsText("engine")).containsOnly("pocketsphinx");
        assertThat(body.get("data").findValuesAsText("model")).containsOnly(ServerConfig.DEFAULT_ENGINE);
        JsonNode first = body.get("data").get(0);
        assertThat(first.get("languages").toString()).isEqualTo("[\"en\"]");
        assertThat(first.get("capabilities").get("word_timestamps").asBoolean()).isTrue();
        assertThat(first.get("capabilities").get("language_detection").asBoolean()).isFalse();
        assertThat(first.get("audio").get("sample_rate").asInt()).isEqualTo(16000);
    }

    @Test
    void clientSessionsNeedKeyAndValidInput() throws Exception {
        assertThat(post("/v1/client/sessions", "{\"model\":\"other-model\"}", false).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = post("/v1/client/sessions", "{\"model\":\"nope\"}", true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("message").asText()).startsWith("unknown model 'nope'");
        HttpResponse<String> tooLong = post("/v1/client/sessions", "{\"model\":\"other-model\",\"ttl_seconds\":3601}", true);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("message").asText())
                .isEqualTo("ttl_seconds 3601 out of range: expected 1 to 3600");
        assertThat(post("/v1/client/sessions", "{\"purpose\":\"chat\",\"model\":\"other-model\"}", true).statusCode())
                .isEqualTo(400);
    }

    @Test
    void secretAsSubprotocolOpensASessionForItsModelOnly() throws Exception {
        String secret = secretFor(OTHER_MODEL, 60);
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server, "model=" + OTHER_MODEL),
                List.of(), "realtime", "earshot-secret." + secret);
        assertThat(client.socket().getSubprotocol()).isEqualTo("realtime");
        assertThat(client.expect(ServerEvent.SessionCreated.class).session().model()).isEqualTo(OTHER_MODEL);
        client.send(new ClientEvent.InputAudioEnd());
        client.expectTranscription();
        client.expectClose(1000);
        client.assertExhausted();

        RealtimeRecorder wrongModel = RealtimeRecorder.connect(TestServers.realtime(server), List.of(),
                "realtime", "earshot-secret." + secret);
        wrongModel.expectError(401, "client secret is for model 'other-model', not '"
                + ServerConfig.SEED_MODEL_ID + "'");
        wrongModel.expectClose(1008);
        wrongModel.assertExhausted();
    }

    @Test
    void secretAsQueryParameterWorksUntilItExpires() throws Exception {
        String secret = secretFor(OTHER_MODEL, 1);
        RealtimeRecorder client = RealtimeRecorder.connect(
                TestServers.realtime(server, "model=" + OTHER_MODEL + "&client_secret=" + secret), List.of());
        client.expect(ServerEvent.SessionCreated.class);
        client.socket().sendClose(1000, "bye");
        client.expectClose(1000);
        Thread.sleep(1100);
        RealtimeRecorder late = RealtimeRecorder.connect(
                TestServers.realtime(server, "model=" + OTHER_MODEL + "&client_secret=" + secret), List.of());
        assertThat(late.expectError(401).messageText()).startsWith("client secret expired at ");
        late.expectClose(1008);
        late.assertExhausted();
    }

    @Test
    void secretsAreNotApiKeysForHttp() throws Exception {
        String secret = secretFor(OTHER_MODEL, 60);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(TestServers.http(server, "/v1/models"))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void metricsCountSessionsAudioLatencyErrorsAndRecognizers() throws Exception {
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        client.expect(ServerEvent.SessionCreated.class);
        client.sendText("not json");
        client.expectError(400);
        Recordings.chunks(Recordings.librivox("0930").data(), 16_000)
                .forEach(c -> client.send(new ClientEvent.InputAudioAppend(c)));
        client.send(new ClientEvent.InputAudioEnd());
        client.expectTranscription();
        client.expectClose(1000);
        client.assertExhausted();
        CheckRecognizers.awaitOpen(0);

        String metrics = get("/metrics", false).body();
        assertThat(metrics).contains("earshot_sessions_active 0.0", "earshot_recognizers_open{engine=\"pocketsphinx-en-us\"} 0.0",
                "earshot_errors_total{code=\"400\"}");
        assertThat(value(metrics, "earshot_sessions_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "earshot_audio_seconds_total")).isGreaterThan(3.0);
        assertThat(value(metrics, "earshot_processing_seconds_total")).isGreaterThan(0);
        assertThat(value(metrics, "earshot_text_latency_beyond_target_seconds_count")).isGreaterThan(0);
        assertThat(value(metrics, "earshot_session_real_time_factor_count")).isGreaterThan(0);
        List<String> families = metrics.lines().filter(l -> l.startsWith("# TYPE earshot_"))
                .map(l -> l.split(" ")[2]).toList();
        assertThat(families).hasSizeGreaterThanOrEqualTo(8);
        for (String family : families) {
            assertThat(metrics).as("help of " + family).containsPattern("(?m)^# HELP " + family + " \\S");
        }
    }

    private static double value(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
