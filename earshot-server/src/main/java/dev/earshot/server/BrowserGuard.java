package dev.earshot.server;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Keeps web pages from other sites off a server that has no API keys. Browsers let any page
 * open WebSockets to, and send requests to, 127.0.0.1; a DNS-rebinding page even reads the
 * answers, under a name of its own that resolves to 127.0.0.1. Without keys, therefore:
 * <ul>
 *   <li>on a loopback binding, the {@code Host} header must be a loopback name or address
 *       ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), never resolved, since resolving
 *       is what the rebinding page controls;</li>
 *   <li>a request with an {@code Origin} (browsers send one on every WebSocket and every
 *       cross-site request) must come from the server's own origin or one of
 *       {@code allowed-origins}.</li>
 * </ul>
 * Clients other than browsers send no {@code Origin} and are not affected. With API keys, the
 * keys are the gate and nothing here applies. Refusals are 403 with one log line. Thread-safe.
 */
final class BrowserGuard {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserGuard.class);
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final boolean checkOrigin;
    private final boolean checkHost;
    private final Set<String> allowedOrigins;

    /**
     * @param config   the server's settings
     * @param loopback whether the server is bound to a loopback address
     */
    BrowserGuard(ServerConfig config, boolean loopback) {
        this.checkOrigin = config.apiKeys().isEmpty();
        this.checkHost = checkOrigin && loopback;
        this.allowedOrigins = config.allowedOrigins();
    }

    /** Before every request and upgrade: answers 403 and returns false when refused. */
    boolean admits(Context ctx) {
        String refusal = refusal(ctx.header("Host"), ctx.header("Origin"));
        if (refusal == null) {
            return true;
        }
        LOG.info("refused code=403 reason=\"{}\" remote={}", refusal, ctx.ip());
        HttpRoutes.error(ctx, HttpStatus.FORBIDDEN, refusal);
        ctx.skipRemainingHandlers();
        return false;
    }

    /** Why a request with these headers (either may be null) is refused, or null. */
    String refusal(String host, String origin) {
        if (checkHost && host != null && !isLoopback(hostName(host))) {
            return "Host '" + host + "' not allowed: a server without API keys answers only loopback names "
                    + "(localhost, 127.0.0.1, [::1])";
        }
        if (checkOrigin && origin != null && !origin.equalsIgnoreCase("http://" + host)
                && !origin.equalsIgnoreCase("https://" + host) && !allowedOrigins.contains(origin)) {
            return "Origin '" + origin + "' not allowed: a server without API keys answers only its own pages"
                    + (allowedOrigins.isEmpty() ? "" : " and " + allowedOrigins) + " (setting allowed-origins)";
        }
        return null;
    }

    /** The name or address of a {@code Host} header, without its port or IPv6 brackets. */
    private static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static boolean isLoopback(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("localhost") || n.equals("::1") || LOOPBACK_IPV4.matcher(n).matches();
    }
}
