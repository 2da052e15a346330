package dev.earshot.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides who may use the server: API keys for everything, short-lived client secrets for
 * the realtime WebSocket only.
 *
 * <h2>API keys</h2>
 * Sent as {@code Authorization: Bearer <key>} on HTTP requests and on the WebSocket upgrade.
 * Keys are compared through their SHA-256 digests with {@link MessageDigest#isEqual}, against
 * every configured key without stopping early, so neither the content nor the length of a key
 * shows in the timing. Keys are never logged. With no key configured, everything is allowed.
 *
 * <h2>Client secrets (for browsers)</h2>
 * {@code POST /v1/client/sessions} with an API key issues a random secret (32 bytes, base64url)
 * bound to one model and valid for {@code ttl_seconds} (default 60, at most the configured
 * maximum). A browser cannot set headers on a WebSocket, so it presents the secret in one of
 * two ways, checked in this order:
 * <ol>
 *   <li><b>Primary:</b> as a WebSocket subprotocol. {@code new WebSocket(url, ["realtime",
 *       "earshot-secret." + secret])}. The server answers with the subprotocol {@code realtime},
 *       never with the secret, so list {@code realtime} too. Subprotocols stay out of URLs and
 *       therefore out of access logs and browser history.</li>
 *   <li>As the query parameter {@code client_secret=<secret>} of the WebSocket URL, for clients
 *       that cannot choose subprotocols. Query strings land in proxy logs; prefer the first way.</li>
 * </ol>
 * A secret may also be sent as {@code Authorization: Bearer <secret>} by clients that can set
 * headers. It opens sessions for its model only, until it expires, and only as many at once as
 * the server allows per secret; it is never accepted on the HTTP endpoints. Secrets are kept in memory by their SHA-256 digest, so a lookup's
 * timing reveals nothing useful, and they die with the process.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {

    /** Subprotocol prefix that carries a client secret. */
    public static final String SECRET_SUBPROTOCOL_PREFIX = "earshot-secret.";
    /** The subprotocol the server answers with when a secret came as a subprotocol. */
    public static final String REALTIME_SUBPROTOCOL = "realtime";
    /** Query parameter that carries a client secret. */
    public static final String SECRET_QUERY_PARAMETER = "client_secret";
    /** Live secrets kept at most: each is ~200 bytes, so this bounds memory to a few MB. At the
     *  limit, expired ones are purged, and if none is, {@link #issue} refuses. */
    static final int MAX_LIVE_SECRETS = 10_000;
    private static final int SECRET_BYTES = 32;
    private static final String BEARER = "Bearer ";

    private final List<byte[]> keyDigests;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Hex SHA-256 of a secret to the secret (its value is not read again). */
    private final Map<String, ClientSecret> secrets = new ConcurrentHashMap<>();

    /**
     * @param apiKeys    the accepted keys; empty allows everything
     * @param defaultTtl lifetime of a secret whose request names none
     * @param maxTtl     longest lifetime a request may ask for
     */
    public Authenticator(Set<String> apiKeys, Duration defaultTtl, Duration maxTtl, Clock clock) {
        this.keyDigests = apiKeys.stream().map(Authenticator::sha256).toList();
        this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether no key is configured, so that nothing is checked. */
    public boolean isOpen() {
        return keyDigests.isEmpty();
    }

    /** Whether an {@code Authorization} header (may be null) carries a configured API key. */
    public boolean allowsHttp(String authorization) {
        return isOpen() || isApiKey(bearerToken(authorization));
    }

    /**
     * Who a realtime upgrade may run as, or why it may not.
     *
     * @param refusal    null when allowed, else why not, fit for an {@code error} event
     * @param credential which key or secret let it in, as the hex of its SHA-256 (never the value),
     *                   for limits per credential; null when refused or when no key is configured
     * @param secret     whether that credential is a client secret rather than an API key
     */
    public record Admission(String refusal, String credential, boolean secret) {

        static Admission refused(String why) {
            return new Admission(why, null, false);
        }
    }

    /**
     * Checks the credentials of a realtime WebSocket upgrade for {@code model}.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param subprotocols  the offered subprotocols, possibly empty
     * @param querySecret   the {@code client_secret} query parameter, or null
     */
    public Admission admitRealtime(String authorization, List<String> subprotocols, String querySecret, String model) {
        if (isOpen()) {
            return new Admission(null, null, false);
        }
        String token = bearerToken(authorization);
        if (token != null && isApiKey(token)) {
            return new Admission(null, HexFormat.of().formatHex(sha256(token)), false);
        }
        String secret = subprotocols.stream().filter(p -> p.startsWith(SECRET_SUBPROTOCOL_PREFIX))
                .map(p -> p.substring(SECRET_SUBPROTOCOL_PREFIX.length())).findFirst()
                .orElse(querySecret != null ? querySecret : token);
        if (secret == null) {
            return Admission.refused("missing credentials: expected 'Authorization: Bearer <api key>' or a client secret");
        }
        String digest = HexFormat.of().formatHex(sha256(secret));
        String refusal = refusalForSecret(digest, model);
        return refusal != null ? Admission.refused(refusal) : new Admission(null, digest, true);
    }

    private String refusalForSecret(String digest, String model) {
        ClientSecret known = secrets.get(digest);
        if (known == null) {
            return "invalid API key or client secret";
        }
        if (!clock.instant().isBefore(known.expiresAt())) {
            secrets.values().remove(known);
            return "client secret expired at " + known.expiresAt();
        }
        if (!known.model().equals(model)) {
            return "client secret is for model '" + known.model() + "', not '" + model + "'";
        }
        return null;
    }

    /**
     * Issues a secret for {@code model}.
     *
     * @param ttlSeconds requested lifetime, or null for the default
     * @throws IllegalArgumentException if the lifetime is out of range
     * @throws IllegalStateException    if {@value #MAX_LIVE_SECRETS} secrets are live
     */
    public ClientSecret issue(String model, Integer ttlSeconds) {
        Duration ttl = ttlSeconds == null ? defaultTtl : Duration.ofSeconds(ttlSeconds);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("ttl_seconds " + ttlSeconds + " out of range: expected 1 to "
                    + maxTtl.toSeconds());
        }
        if (secrets.size() >= MAX_LIVE_SECRETS) {
            Instant now = clock.instant();
            secrets.values().removeIf(s -> !now.isBefore(s.expiresAt()));
            if (secrets.size() >= MAX_LIVE_SECRETS) {
                throw new IllegalStateException("too many live client secrets (" + MAX_LIVE_SECRETS + "); retry later");
            }
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ClientSecret secret = new ClientSecret(value, model, clock.instant().plus(ttl));
        secrets.put(HexFormat.of().formatHex(sha256(value)), secret);
        return secret;
    }

    /** Whether a client offered a secret as a subprotocol, so the upgrade must answer with one. */
    public static boolean offersSecretSubprotocol(List<String> subprotocols) {
        return subprotocols.stream().anyMatch(p -> p.startsWith(SECRET_SUBPROTOCOL_PREFIX));
    }

    private boolean isApiKey(String token) {
        if (token == null) {
            return false;
        }
        byte[] digest = sha256(token);
        boolean match = false;
        for (byte[] key : keyDigests) {
            // No early exit: the time taken must not depend on which key matched.
            match |= MessageDigest.isEqual(key, digest);
        }
        return match;
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
