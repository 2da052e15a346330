package dev.earshot.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds the realtime endpoint's URI from a base URL, as the official SDKs do. */
final class RealtimeUris {

    static final String REALTIME_PATH = "/v1/audio/transcriptions/realtime";

    private RealtimeUris() {
    }

    /** The base as a ws/wss URI without query and trailing slash; http and https map to ws and wss. */
    static URI webSocketBase(String baseUrl) {
        URI uri = URI.create(baseUrl.strip());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String wsScheme = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> throw new IllegalArgumentException(
                    "base URL must start with ws://, wss://, http:// or https://, was '" + baseUrl + "'");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("base URL has no host: '" + baseUrl + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(wsScheme + "://" + uri.getRawAuthority() + path);
    }

    /** {@code <base>/v1/audio/transcriptions/realtime?model=<model, URL-encoded>}. */
    static URI realtime(URI base, String model) {
        // URLEncoder writes form encoding; a space must be %20 in a URI query, not '+'.
        String encoded = URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + REALTIME_PATH + "?model=" + encoded);
    }
}
