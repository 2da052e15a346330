package dev.earshot.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code earshot models pull|list} against a file server on loopback that honours Range requests. */
class ModelsCommandTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private byte[] file;
    private String sha256;
    /** What the server serves instead of {@link #file}, when a test wants damage. */
    private byte[] served;
    private final List<String> ranges = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        file = new byte[300_000];
        new Random(7).nextBytes(file);
        served = file;
        Path f = Files.write(dir.resolve("source.bin"), file);
        sha256 = ModelDownload.digest(f);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/models/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        if (!exchange.getRequestURI().getPath().equals("/models/ggml-test.en.bin")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        byte[] body = Arrays.copyOfRange(served, from, served.length);
        if (range != null) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (served.length - 1) + "/"
                    + served.length);
        }
        exchange.sendResponseHeaders(range == null ? 200 : 206, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/models";
    }

    private CommandRun pull(String... more) {
        List<String> args = new ArrayList<>(List.of("models", "pull", "whisper-test.en", "--base-url", baseUrl(),
                "--dir", dir.resolve("models").toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void pullsChecksAndListsAFile() throws IOException {
        CommandRun run = pull("--sha256", sha256);
        Path pulled = dir.resolve("models/ggml-test.en.bin");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("whisper-test.en: " + pulled + " (SHA-256 " + sha256 + ")\n");
        assertThat(Files.readAllBytes(pulled)).isEqualTo(file);
        assertThat(ranges).containsExactly("null");

        CommandRun list = CommandRun.of("models", "list", "--dir", dir.resolve("models").toString());
        assertThat(list.out()).contains("whisper-tiny.en    ggml-tiny.en.bin     -\n")
                .contains("ggml-test.en.bin     in folder\n");
        assertThat(pull("--sha256", sha256).exitCode()).as("already there").isZero();
        assertThat(ranges).as("no second download").hasSize(1);
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/ggml-test.en.bin.part"), Arrays.copyOf(file, 123_456));
        CommandRun run = pull("--sha256", sha256);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ranges).containsExactly("bytes=123456-");
        assertThat(Files.readAllBytes(dir.resolve("models/ggml-test.en.bin"))).isEqualTo(file);
        assertThat(dir.resolve("models/ggml-test.en.bin.part")).doesNotExist();
    }

    @Test
    void aFileWithTheWrongDigestIsDeletedWithOneLine() {
        served = file.clone();
        served[1000] ^= 1;
        CommandRun run = pull("--sha256", sha256);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot models pull: ggml-test.en.bin from " + baseUrl()
                + "/ggml-test.en.bin: SHA-256 expected " + sha256 + ", found ").endsWith(" (deleted; pull again)\n");
        assertThat(dir.resolve("models/ggml-test.en.bin")).doesNotExist();
        assertThat(dir.resolve("models/ggml-test.en.bin.part")).doesNotExist();
    }

    @Test
    void unknownNamesAndMissingFilesAreOneLine() {
        CommandRun unknown = pull();
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("earshot models pull: unknown model 'whisper-test.en': expected one of "
                + "[whisper-tiny.en, whisper-tiny, whisper-base.en, whisper-base, whisper-small.en, whisper-small], "
                + "or whisper-X with --sha256\n");
        CommandRun missing = CommandRun.of("models", "pull", "whisper-tiny.en", "--base-url", baseUrl(), "--dir",
                dir.resolve("models").toString());
        assertThat(missing.err()).isEqualTo("earshot models pull: " + baseUrl()
                + "/ggml-tiny.en.bin: HTTP 404, expected 200\n");
        server.stop(0);
        CommandRun down = CommandRun.of("models", "pull", "whisper-tiny.en", "--base-url", baseUrl(), "--dir",
                dir.resolve("models").toString());
        assertThat(down.err()).isEqualTo("earshot models pull: " + baseUrl()
                + "/ggml-tiny.en.bin: cannot download: java.net.ConnectException\n");
    }
}
