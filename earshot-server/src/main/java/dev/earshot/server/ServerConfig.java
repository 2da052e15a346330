package dev.earshot.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.earshot.models.ModelConfig;
import dev.earshot.protocol.ProtocolCodec;

/**
 * Everything an {@link EarshotServer} needs to know besides its engines. Immutable; the
 * {@code with*} methods return changed copies, so the CLI starts from {@link #defaults()} or
 * {@link #fromEnvironmentAndFile} and lays its flags on top.
 *
 * @param host                   interface to bind, a name or an address; never null
 * @param port                   TCP port, 0 for an ephemeral one
 * @param apiKeys                accepted API keys; empty means no authentication, which
 *                               {@link EarshotServer#start()} allows only on a loopback host
 *                               or with {@code allowUnauthenticated}
 * @param allowUnauthenticated   permits binding a non-loopback host without API keys
 * @param allowedOrigins         without API keys, the browser origins (such as
 *                               {@code https://app.example}) allowed besides the server's own;
 *                               with keys, the keys are the gate and origins are not checked
 * @param models                 model id (as clients send it) to engine name
 *                               ({@link dev.earshot.engine.SpeechEngine#id()}); every
 *                               engine is also reachable by its own name
 * @param maxSessions            realtime sessions at once; one more gets error 429
 * @param maxSessionsPerKey      realtime sessions at once opened with one API key; 0 for no
 *                               limit besides {@code maxSessions}
 * @param maxSessionsPerSecret   realtime sessions at once opened with one client secret, so a
 *                               leaked secret cannot take every place
 * @param maxChunkBytes          largest decoded {@code input_audio.append}, 1 to 262,144;
 *                               a larger chunk gets error 413
 * @param idleTimeout            a session that sends no audio this long gets error 429 and ends
 * @param maxSessionLength       a session older than this gets error 429 and ends
 * @param clientSecretTtl        lifetime of a client secret when the request names none
 * @param clientSecretMaxTtl     longest lifetime a request may ask for
 */
public record ServerConfig(String host, int port, Set<String> apiKeys, boolean allowUnauthenticated,
        Set<String> allowedOrigins, Map<String, String> models, int maxSessions, int maxSessionsPerKey,
        int maxSessionsPerSecret, int maxChunkBytes, Duration idleTimeout, Duration maxSessionLength,
        Duration clientSecretTtl, Duration clientSecretMaxTtl) {

    /** The id the seed and Mistral's docs use; out of the box an alias of the default model. */
    public static final String SEED_MODEL_ID = ModelConfig.SEED_MODEL_ID;
    /** The id of {@link ModelConfig#DEFAULT_MODEL}. */
    public static final String DEFAULT_ENGINE = ModelConfig.DEFAULT_MODEL.id();
    /** The protocol's own limit on one append (262,144 bytes); a server may only lower it. */
    public static final int PROTOCOL_MAX_CHUNK_BYTES = ProtocolCodec.MAX_AUDIO_CHUNK_BYTES;

    /**
     * Checks every component; the messages name the setting, what was expected and what was found.
     *
     * @throws IllegalArgumentException for an out-of-range value
     * @throws NullPointerException     for a null component
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        apiKeys = Set.copyOf(apiKeys);
        allowedOrigins = Set.copyOf(allowedOrigins);
        models = Map.copyOf(models);
        requireRange("port", port, 0, 65_535);
        requireRange("max-sessions", maxSessions, 1, 100_000);
        requireRange("max-sessions-per-key", maxSessionsPerKey, 0, 100_000);
        requireRange("max-sessions-per-secret", maxSessionsPerSecret, 1, 100_000);
        requireRange("max-chunk-bytes", maxChunkBytes, 1, PROTOCOL_MAX_CHUNK_BYTES);
        requirePositive("idle-timeout", idleTimeout);
        requirePositive("max-session-length", maxSessionLength);
        requirePositive("client-secret-ttl", clientSecretTtl);
        requirePositive("client-secret-max-ttl", clientSecretMaxTtl);
        if (clientSecretTtl.compareTo(clientSecretMaxTtl) > 0) {
            throw new IllegalArgumentException("client-secret-ttl " + clientSecretTtl.toSeconds()
                    + " s exceeds client-secret-max-ttl " + clientSecretMaxTtl.toSeconds() + " s");
        }
        if (apiKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("api-keys: expected non-blank keys, found a blank one");
        }
    }

    /**
     * Loopback on port 8000 without keys and no other origin; the seed's and Voxtral 3's model ids
     * mapped to {@value #DEFAULT_ENGINE} ({@link ModelConfig#defaultAliases()}); 64 sessions, no
     * limit per key, 4 per client secret (the web page opens two at once); 262,144-byte chunks;
     * 60 s idle; 1 h sessions; secrets for 60 s, at most 1 h.
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8000, Set.of(), false, Set.of(), ModelConfig.defaultAliases(),
                64, 0, 4, PROTOCOL_MAX_CHUNK_BYTES, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60),
                Duration.ofHours(1));
    }

    /**
     * The defaults, overridden by a properties file, overridden by {@code EARSHOT_*} variables.
     *
     * <p>Keys of the file, and the variable for each ({@code EARSHOT_} and the key in upper case,
     * {@code -} as {@code _}): {@code host}, {@code port}, {@code api-keys} (comma-separated),
     * {@code allow-unauthenticated}, {@code allowed-origins} (comma-separated), {@code max-sessions},
     * {@code max-sessions-per-key}, {@code max-sessions-per-secret}, {@code max-chunk-bytes},
     * {@code idle-timeout-seconds}, {@code max-session-seconds}, {@code client-secret-ttl-seconds},
     * {@code client-secret-max-ttl-seconds}. Models come from the file only, one line per alias:
     * {@code model.<id>=<engine name>}, added to the default alias. Any other key, and any other
     * {@code EARSHOT_*} variable except those read elsewhere ({@code EARSHOT_LOG_LEVEL},
     * {@code EARSHOT_MODELS_DIR}, and the scripts' {@code EARSHOT_JAR}, {@code EARSHOT_SHARED_DIR},
     * {@code EARSHOT_BENCH_REBUILD}), is refused
     * with the list of known ones: a typo must not pass silently.
     *
     * @param env        usually {@code System.getenv()}; variables without the prefix are ignored
     * @param fileOrNull a properties file, or null for none
     * @throws IOException              if the file exists but cannot be read
     * @throws IllegalArgumentException for a missing file, an unknown key or variable, or a value
     *                                  that does not parse or is out of range; the message names
     *                                  the setting, the value and what was expected
     */
    public static ServerConfig fromEnvironmentAndFile(Map<String, String> env, Path fileOrNull) throws IOException {
        return ConfigLoader.load(env, fileOrNull);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    public ServerConfig withApiKeys(Set<String> newKeys) {
        return new ServerConfig(host, port, newKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    public ServerConfig withAllowUnauthenticated(boolean allow) {
        return new ServerConfig(host, port, apiKeys, allow, allowedOrigins, models, maxSessions, maxSessionsPerKey,
                maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength, clientSecretTtl,
                clientSecretMaxTtl);
    }

    public ServerConfig withAllowedOrigins(Set<String> origins) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, origins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    /** Adds one model id for an engine, keeping the other aliases. */
    public ServerConfig withModel(String modelId, String engineName) {
        Map<String, String> more = new LinkedHashMap<>(models);
        more.put(modelId, engineName);
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, more, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    public ServerConfig withMaxSessions(int newMax) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, newMax,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    public ServerConfig withMaxSessionsPerKey(int newMax) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                newMax, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength, clientSecretTtl,
                clientSecretMaxTtl);
    }

    public ServerConfig withMaxSessionsPerSecret(int newMax) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, newMax, maxChunkBytes, idleTimeout, maxSessionLength, clientSecretTtl,
                clientSecretMaxTtl);
    }

    public ServerConfig withMaxChunkBytes(int newMax) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, newMax, idleTimeout, maxSessionLength, clientSecretTtl,
                clientSecretMaxTtl);
    }

    public ServerConfig withIdleTimeout(Duration newTimeout) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, newTimeout, maxSessionLength,
                clientSecretTtl, clientSecretMaxTtl);
    }

    public ServerConfig withMaxSessionLength(Duration newLength) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, newLength, clientSecretTtl,
                clientSecretMaxTtl);
    }

    public ServerConfig withClientSecretTtl(Duration ttl, Duration maxTtl) {
        return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength, ttl, maxTtl);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " out of range: expected " + min + " to " + max);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Keys never appear in logs or exceptions: only how many there are. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.size() + " key(s)"
                + ", allowUnauthenticated=" + allowUnauthenticated + ", allowedOrigins=" + allowedOrigins
                + ", models=" + models + ", maxSessions=" + maxSessions + ", maxSessionsPerKey=" + maxSessionsPerKey
                + ", maxSessionsPerSecret=" + maxSessionsPerSecret + ", maxChunkBytes=" + maxChunkBytes + ", idleTimeout=" + idleTimeout
                + ", maxSessionLength=" + maxSessionLength + ", clientSecretTtl=" + clientSecretTtl
                + ", clientSecretMaxTtl=" + clientSecretMaxTtl + "]";
    }
}
