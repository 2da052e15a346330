package dev.earshot.server.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.javalin.http.HttpStatus;

/**
 * Fetches a {@code file_url} into a file with the JDK's HTTP client, refusing more than the
 * upload limit: by its {@code Content-Length} before reading, else once that much has arrived.
 * Only used when the operator allows fetching URLs. Thread-safe.
 */
final class UrlFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The whole download; a slow server must not hold a job slot for long. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final long maxBytes;

    UrlFetcher(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Downloads {@code url} into {@code target}; throws 400 when the fetch fails, 413 when too large. */
    void fetch(URI url, Path target) throws HttpError {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw HttpError.badRequest("file_url " + url + " answered HTTP " + response.statusCode()
                            + ": expected 200");
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw tooLarge(url, declared + " bytes");
                }
                copy(url, body, target);
            }
        } catch (IOException e) {
            throw HttpError.badRequest("cannot fetch file_url " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while fetching file_url " + url);
        }
    }

    private void copy(URI url, InputStream body, Path target) throws IOException, HttpError {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(url, "more than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private HttpError tooLarge(URI url, String size) {
        return new HttpError(HttpStatus.CONTENT_TOO_LARGE, "file_url " + url + " holds " + size
                + ": this server takes files up to " + maxBytes + " bytes");
    }
}
