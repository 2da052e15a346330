package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Starting the real server on loopback port 0, and addressing it. */
final class TestServers {

    static final String API_KEY = "test-key-0123456789";
    static final List<String> AUTH = List.of("Authorization", "Bearer " + API_KEY);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestServers() {
    }

    /** Defaults on 127.0.0.1 port 0 with {@link #API_KEY}. */
    static ServerConfig config() {
        return builder().build();
    }

    /** {@link #config()}, to change. */
    static ServerConfig.Builder builder() {
        return ServerConfig.builder().port(0).apiKeys(Set.of(API_KEY));
    }

    static EarshotServer start(ServerConfig config) {
        EarshotServer server = new EarshotServer(config, List.of(SharedEngine.get()));
        server.start();
        return server;
    }

    static URI realtime(EarshotServer server, String query) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/v1/audio/transcriptions/realtime?" + query);
    }

    static URI realtime(EarshotServer server) {
        return realtime(server, "model=" + ServerConfig.SEED_MODEL_ID);
    }

    static URI http(EarshotServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** POSTs a JSON body, with {@link #API_KEY} when {@code withKey}. */
    static HttpResponse<String> post(EarshotServer server, String path, String body, boolean withKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(server, path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (withKey) {
            request.header("Authorization", "Bearer " + API_KEY);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a metric without labels, from {@code /metrics}. */
    static double metric(EarshotServer server, String name) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(http(server, "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics"));
    }

    /** Polls {@code /metrics} until it has {@code line}, at most 30 s. */
    static void awaitMetric(EarshotServer server, String line) throws IOException, InterruptedException {
        HttpRequest metrics = HttpRequest.newBuilder(http(server, "/metrics")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "";
        while (System.nanoTime() < deadline && !body.contains(line + "\n")) {
            body = HTTP.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(20);
        }
        assertThat(body).contains(line + "\n");
    }
}
