package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code file_url} on a server whose operator allows fetching URLs, against the JDK's HTTP
 * server on loopback serving a real recording: fetched and transcribed, a 404 and a file over
 * the upload limit (declared, and sent without a length) refused in one line each.
 */
@Timeout(120)
class BatchFileUrlTest {

    private static final Path RECORDING =
            Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0930.wav");
    /** Below the 16 kHz WAV (105 kB), above its mp3 (about 10 kB). */
    private static final long LIMIT = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static HttpServer files;
    private static EarshotServer server;
    private static URI endpoint;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path mp3 = mp3(RECORDING);
        files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/recording.mp3", exchange -> serve(exchange, Files.readAllBytes(mp3), true));
        files.createContext("/recording.wav", exchange -> serve(exchange, Files.readAllBytes(RECORDING), true));
        files.createContext("/unsized.wav", exchange -> serve(exchange, Files.readAllBytes(RECORDING), false));
        files.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        files.start();
        base = "http://127.0.0.1:" + files.getAddress().getPort();
        server = new EarshotServer(TestServers.config(), List.of(SharedEngine.get()),
                BatchSettings.defaults().withAllowFileUrls(true).withMaxUploadBytes(LIMIT));
        server.start();
        endpoint = TestServers.http(server, "/v1/audio/transcriptions");
    }

    @AfterAll
    static void stop() {
        server.close();
        files.stop(0);
    }

    @Test
    void fetchesAndTranscribesTheRecording() throws Exception {
        HttpResponse<String> response = post(base + "/recording.mp3");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("text").asText()).contains("might even");
    }

    @Test
    void aMissingFileIsRefusedWithTheStatusItGot() throws Exception {
        assertRefused(post(base + "/gone.mp3"), 400, "file_url " + base + "/gone.mp3 answered HTTP 404: expected 200");
    }

    @Test
    void aFileOverTheLimitIsRefusedByItsLengthOrOnceTheLimitHasArrived() throws Exception {
        long size = Files.size(RECORDING);
        assertRefused(post(base + "/recording.wav"), 413, "file_url " + base + "/recording.wav holds " + size
                + " bytes: this server takes files up to " + LIMIT + " bytes");
        assertRefused(post(base + "/unsized.wav"), 413, "file_url " + base + "/unsized.wav holds more than " + LIMIT
                + " bytes: this server takes files up to " + LIMIT + " bytes");
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return new Multipart().field("model", ServerConfig.SEED_MODEL_ID).field("file_url", url).post(endpoint);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("message").asText()).isEqualTo(message);
    }

    /** Sends {@code content} with a Content-Length, or chunked without one. */
    private static void serve(HttpExchange exchange, byte[] content, boolean sized) throws IOException {
        exchange.sendResponseHeaders(200, sized ? content.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        } catch (IOException e) {
            // The server under test stopped reading at its limit.
        }
        exchange.close();
    }

    /** The recording as mp3, made by ffmpeg. */
    private static Path mp3(Path wav) throws Exception {
        Path out = dir.resolve("recording.mp3");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return out;
    }
}
