package dev.earshot.client;

import java.net.URI;
import java.time.Duration;

/**
 * What a built client knows.
 *
 * @param baseUri        ws or wss URI with any path prefix, without trailing slash
 * @param apiKey         the bearer token, or null to send none
 * @param pingInterval   how often an open connection pings the server; zero for never
 */
record ClientConfig(URI baseUri, String apiKey, String userAgent, Duration connectTimeout,
        Duration sessionTimeout, Duration pingInterval) {

    @Override
    public String toString() {
        // Keep the key out of logs and exception messages.
        return "ClientConfig[baseUri=" + baseUri + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
