package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;

/**
 * The holes an outside probe of the server found (issue 14, section 4), each closed and kept so:
 * HTTP sessions created by upgrades, a client secret echoed as the subprotocol, fractional
 * lifetimes, a keyless server open to any web page, places held by flushes or by one secret,
 * and request heads that never end.
 */
class ProbeHolesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SOCKET_TIMEOUT_MS = 20_000;

    @Test
    void upgradesAndRequestsCreateNoHttpSession() throws Exception {
        try (EarshotServer server = TestServers.start(TestServers.config())) {
            String[] requests = {
                upgrade("/v1/audio/transcriptions/realtime?model=" + ServerConfig.SEED_MODEL_ID, "Bearer wrong"),
                upgrade("/v1/audio/transcriptions/realtime?model=nope", "Bearer " + TestServers.API_KEY),
                upgrade("/v1/audio/transcriptions/realtime?model=" + ServerConfig.SEED_MODEL_ID,
                        "Bearer " + TestServers.API_KEY),
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            };
            for (String request : requests) {
                String head = exchange(server.port(), request);
                assertThat(head).as(request).matches("(?s)HTTP/1.1 (101|200|401).*")
                        .doesNotContainIgnoringCase("Set-Cookie").doesNotContain("JSESSIONID");
            }
        }
    }

    @Test
    void aSecretOfferedAloneIsNeverEchoedAsTheSubprotocol() throws Exception {
        try (EarshotServer server = TestServers.start(TestServers.config())) {
            String secret = secret(server, "{\"model\":\"" + ServerConfig.SEED_MODEL_ID + "\"}");
            String head = exchange(server.port(), "GET /v1/audio/transcriptions/realtime?model="
                    + ServerConfig.SEED_MODEL_ID + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: earshot-secret." + secret + "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 101").doesNotContain(secret)
                    .containsIgnoringCase("Sec-WebSocket-Protocol: realtime\r\n");
        }
    }

    @Test
    void ttlSecondsTakesIntegersOnlyAndQuotesWhatWasSent() throws Exception {
        try (EarshotServer server = TestServers.start(TestServers.config())) {
            for (String ttl : List.of("1.5", "0.5", "60.0")) {
                HttpResponse<String> response = TestServers.post(server, "/v1/client/sessions",
                        "{\"model\":\"" + ServerConfig.SEED_MODEL_ID + "\",\"ttl_seconds\":" + ttl + "}", true);
                assertThat(response.statusCode()).as(ttl).isEqualTo(400);
                assertThat(JSON.readTree(response.body()).get("message").asText())
                        .isEqualTo("'ttl_seconds' must be an integer number of seconds, was " + ttl);
            }
        }
    }

    @Test
    void withoutKeysOnlyLoopbackHostsAndOwnOrConfiguredOriginsAreAnswered() throws Exception {
        ServerConfig keyless = ServerConfig.builder().port(0)
                .allowedOrigins(Set.of("https://captions.example")).build();
        try (EarshotServer server = TestServers.start(keyless)) {
            int port = server.port();
            String own = "http://127.0.0.1:" + port;
            assertThat(status(port, "/v1/models", "127.0.0.1:" + port, null)).isEqualTo(200);
            assertThat(status(port, "/v1/models", "localhost:" + port, own.replace("127.0.0.1", "localhost")))
                    .isEqualTo(200);
            assertThat(status(port, "/v1/models", "[::1]:" + port, null)).isEqualTo(200);
            assertThat(status(port, "/v1/models", "127.0.0.1:" + port, "https://captions.example")).isEqualTo(200);
            assertThat(status(port, "/v1/models", "rebound.example:" + port, null)).isEqualTo(403);
            assertThat(status(port, "/metrics", "rebound.example:" + port, null)).isEqualTo(403);
            assertThat(status(port, "/", "rebound.example:" + port, null)).isEqualTo(403);
            assertThat(status(port, "/v1/models", "127.0.0.1:" + port, "https://evil.example")).isEqualTo(403);
            assertThat(status(port, "/v1/models", "127.0.0.1:" + port, "null")).isEqualTo(403);

            String path = "/v1/audio/transcriptions/realtime?model=" + ServerConfig.SEED_MODEL_ID;
            assertThat(exchange(port, upgrade(path, null, "127.0.0.1:" + port, "https://evil.example")))
                    .startsWith("HTTP/1.1 403");
            assertThat(exchange(port, upgrade(path, null, "rebound.example:" + port, null)))
                    .startsWith("HTTP/1.1 403");
            assertThat(exchange(port, upgrade(path, null, "127.0.0.1:" + port, own))).startsWith("HTTP/1.1 101");
        }
        try (EarshotServer keyed = TestServers.start(TestServers.config())) {
            int port = keyed.port();
            assertThat(exchange(port, "GET /v1/models HTTP/1.1\r\nHost: rebound.example\r\nOrigin: https://evil.example"
                    + "\r\nAuthorization: Bearer " + TestServers.API_KEY + "\r\nConnection: close\r\n\r\n"))
                    .as("with keys, the keys are the gate").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void flushesWithoutAudioDoNotKeepASessionAlive() throws Exception {
        try (EarshotServer server = TestServers.start(TestServers.builder().idleTimeout(Duration.ofSeconds(1)).build())) {
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            client.expect(ServerEvent.SessionCreated.class);
            client.send(new ClientEvent.InputAudioAppend(Recordings.chunks(Recordings.librivox("0880").data(), 3200).getFirst()));
            Thread flusher = Thread.ofVirtual().start(() -> {
                try {
                    // Far more often than the idle timeout, for longer than the test waits.
                    for (int i = 0; i < 400 && !Thread.currentThread().isInterrupted(); i++) {
                        client.send(new ClientEvent.InputAudioFlush());
                        Thread.sleep(100);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    // The server closed the session: the end this test waits for.
                }
            });
            try {
                client.expectError(429, "no audio for 1 s: idle timeout");
                client.expectClose(1008);
            } finally {
                flusher.interrupt();
            }
        }
    }

    @Test
    void oneClientSecretOrKeyHoldsOnlyItsOwnShareOfPlaces() throws Exception {
        ServerConfig config = TestServers.builder().maxSessionsPerSecret(2).maxSessionsPerKey(3).build();
        try (EarshotServer server = TestServers.start(config)) {
            String secret = secret(server, "{\"model\":\"" + ServerConfig.SEED_MODEL_ID + "\"}");
            String[] protocols = {"realtime", "earshot-secret." + secret};
            RealtimeRecorder first = RealtimeRecorder.connect(TestServers.realtime(server), List.of(), protocols);
            RealtimeRecorder second = RealtimeRecorder.connect(TestServers.realtime(server), List.of(), protocols);
            first.expect(ServerEvent.SessionCreated.class);
            second.expect(ServerEvent.SessionCreated.class);
            RealtimeRecorder third = RealtimeRecorder.connect(TestServers.realtime(server), List.of(), protocols);
            third.expectError(429, "too many sessions for this client secret: at most 2 at once");
            third.expectClose(1013);
            first.socket().sendClose(1000, "done");
            first.expectClose(1000);
            RealtimeRecorder again = awaitAdmitted(server, protocols);
            again.socket().sendClose(1000, "done");
            again.expectClose(1000);

            List<RealtimeRecorder> keyed = List.of(
                    RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH),
                    RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH),
                    RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH));
            keyed.forEach(k -> k.expect(ServerEvent.SessionCreated.class));
            RealtimeRecorder fourth = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            fourth.expectError(429, "too many sessions for this API key: at most 3 at once");
            fourth.expectClose(1013);
            server.shutdown(Duration.ZERO); // the held sessions need not wait out the grace
        }
    }

    @Test
    void aRequestHeadThatNeverEndsIsCut() throws Exception {
        try (EarshotServer server = TestServers.start(TestServers.config());
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(250);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + HeaderDeadline.DEADLINE.multipliedBy(4).toNanos();
            boolean cut = false;
            // One byte every 250 ms (slowloris): each read times out until the server ends the connection.
            while (!cut && System.nanoTime() < deadline) {
                try {
                    out.write('a');
                    out.flush();
                    cut = socket.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // Still open.
                } catch (SocketException e) {
                    cut = true;
                }
            }
            assertThat(cut).as("connection cut while its head was still arriving").isTrue();
        }
    }

    /** Opens sessions with the secret until one is admitted: the freed place returns once the
     *  server has seen the close, a moment after the client has. */
    private static RealtimeRecorder awaitAdmitted(EarshotServer server, String[] protocols) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), List.of(), protocols);
            Object first = client.next();
            if (first instanceof ServerEvent.SessionCreated) {
                return client;
            }
            client.expectClose(1013);
            Thread.sleep(50);
        }
        throw new AssertionError("the place freed by a closed session never came back");
    }

    private static String secret(EarshotServer server, String body) throws Exception {
        HttpResponse<String> response = TestServers.post(server, "/v1/client/sessions", body, true);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        return json.get("client_secret").get("value").asText();
    }

    private static int status(int port, String path, String host, String origin) throws IOException {
        String head = exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n");
        return Integer.parseInt(head.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    private static String upgrade(String path, String authorization) {
        return upgrade(path, authorization, "127.0.0.1", null);
    }

    private static String upgrade(String path, String authorization, String host, String origin) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    /** Sends one raw request and returns the response head (status line and headers). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }
}
