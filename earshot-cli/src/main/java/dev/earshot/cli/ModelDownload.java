package dev.earshot.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A model file that {@code earshot models pull} can download: whisper.cpp's ggml files as the
 * whisper.cpp model repository on Hugging Face serves them, each with the SHA-256 of that
 * repository's file (its Git LFS object id).
 *
 * @param name   the name to pull it by, also the model id it is served as: {@code whisper-tiny.en}
 * @param file   its file name there and in the models folder: {@code ggml-tiny.en.bin}
 * @param sha256 lower-case hex SHA-256 of the whole file
 */
record ModelDownload(String name, String file, String sha256) {

    /** The whisper.cpp model repository on Hugging Face. */
    static final String DEFAULT_BASE_URL = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

    static final List<ModelDownload> CATALOG = List.of(
            whisper("tiny.en", "921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f"),
            whisper("tiny", "be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21"),
            whisper("base.en", "a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002"),
            whisper("base", "60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe"),
            whisper("small.en", "c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d"),
            whisper("small", "1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b"));

    /** Bytes read between progress reports and cancellation checks. */
    private static final int BUFFER = 1 << 16;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Until the response headers arrive; the body then takes as long as it takes. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    static ModelDownload whisper(String size, String sha256) {
        return new ModelDownload("whisper-" + size, "ggml-" + size + ".bin", sha256);
    }

    /** The catalog entry named {@code name}. */
    static Optional<ModelDownload> find(String name) {
        return CATALOG.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * Downloads this file from {@code baseUrl} into {@code folder}, resuming a partial download
     * ({@code FILE.part}) with an HTTP range request, and moves it into place only once its
     * SHA-256 matches. A file already in place with the right digest is kept as it is.
     *
     * @param progress called with the bytes held so far, and first with the total (negative if unknown)
     * @return the file in place
     * @throws CommandFailure for an HTTP error or a digest mismatch (the partial file is then
     *                        deleted, so that the next pull starts afresh)
     */
    Path pull(String baseUrl, Path folder, LongConsumer total, LongConsumer progress) throws IOException,
            InterruptedException {
        Path target = folder.resolve(file);
        if (Files.isRegularFile(target) && sha256.equals(digest(target))) {
            return target;
        }
        Files.createDirectories(folder);
        Path part = folder.resolve(file + ".part");
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        URI uri = URI.create(baseUrl.replaceAll("/+$", "") + "/" + file);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpResponse<InputStream> response = send(client, request.build());
            try (InputStream body = response.body()) {
                boolean resumed = response.statusCode() == 206;
                if (response.statusCode() == 416 && have > 0) {
                    resumed = true;
                } else if (response.statusCode() != 200 && !resumed) {
                    throw new CommandFailure(uri + ": HTTP " + response.statusCode() + ", expected 200");
                }
                long start = resumed ? have : 0;
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                total.accept(response.statusCode() == 416 ? have : length < 0 ? -1 : start + length);
                if (response.statusCode() != 416) {
                    copy(body, part, resumed, start, progress);
                }
            }
        }
        String found = digest(part);
        if (!sha256.equals(found)) {
            Files.delete(part);
            throw new CommandFailure(file + " from " + uri + ": SHA-256 expected " + sha256 + ", found " + found
                    + " (deleted; pull again)");
        }
        return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // The JDK's connect failures often carry no message: name the exception then.
            throw new CommandFailure(request.uri() + ": cannot download: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        }
    }

    private static void copy(InputStream body, Path part, boolean append, long start, LongConsumer progress)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            long held = start;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                held += n;
                progress.accept(held);
            }
        }
    }

    /** Lower-case hex SHA-256 of {@code file}. */
    static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
