package dev.earshot.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a built client knows.
 *
 * @param baseUri        ws or wss URI with any path prefix, without trailing slash
 * @param apiKey         the bearer token, or null to send none
 * @param pingInterval   how often an open connection pings the server; zero for never
 * @param keptAudio      audio kept for resuming a stream; zero when streams do not resume
 * @param onResume       told of each resume; never null
 */
record ClientConfig(URI baseUri, String apiKey, String userAgent, Duration connectTimeout,
        Duration sessionTimeout, Duration pingInterval, Duration keptAudio, Consumer<Resumption> onResume) {

    boolean resumes() {
        return !keptAudio.isZero();
    }

    @Override
    public String toString() {
        // Keep the key out of logs and exception messages.
        return "ClientConfig[baseUri=" + baseUri + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
