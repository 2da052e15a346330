package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/**
 * The live-captions page's files at {@code /}, over real HTTP; the page itself is tested in a
 * browser by {@code scripts/test-web.sh}.
 */
class WebPageTest extends RealServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(TestServers.http(server, path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pageIsServedAtRootWithoutKeyAndWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void everyFileHasItsContentType() throws Exception {
        String[][] files = {
            {"/app.js", "text/javascript; charset=utf-8"},
            {"/pcm-worklet.js", "text/javascript; charset=utf-8"},
            {"/style.css", "text/css; charset=utf-8"},
        };
        for (String[] file : files) {
            HttpResponse<String> response = get(file[0]);
            assertThat(response.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file[0]).hasValue(file[1]);
        }
    }

    @Test
    void unknownFileIs404AndApiStillNeedsKey() throws Exception {
        assertThat(get("/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("/v1/models").statusCode()).isEqualTo(401);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }
}
