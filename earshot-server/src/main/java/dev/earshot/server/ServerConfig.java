package dev.earshot.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.earshot.models.ModelConfig;
import dev.earshot.protocol.ProtocolCodec;

/**
 * Everything an {@link EarshotServer} needs to know besides its engines. Immutable; a
 * {@link Builder} makes changed copies, so the CLI starts from {@link #defaults()} or
 * {@link #fromEnvironmentAndFile} and lays its flags on top with {@link #toBuilder()}.
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
 * @param models                 the models to load and their aliases (as clients send them)
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
        Set<String> allowedOrigins, ModelConfig models, int maxSessions, int maxSessionsPerKey,
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
        Objects.requireNonNull(models, "models");
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
     * Loopback on port 8000 without keys and no other origin; {@link ModelConfig#defaults()}
     * ({@value #DEFAULT_ENGINE}, also known by the seed's and Voxtral 3's model ids, and the models
     * of the models folder); 64 sessions, no limit per key, 4 per client secret (the web page opens
     * two at once); 262,144-byte chunks; 60 s idle; 1 h sessions; secrets for 60 s, at most 1 h.
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8000, Set.of(), false, Set.of(), ModelConfig.defaults(),
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
     * {@code client-secret-max-ttl-seconds}. Models, added to the defaults:
     * {@code model.<id>=<engine>:<location>} configures a model, {@code model.<id>=<model id>} an
     * alias; the variable {@code EARSHOT_MODEL_<ID>} the same (see {@link ModelConfig#withEnvironment}).
     * Any other key, and any other {@code EARSHOT_*} variable except those read elsewhere
     * ({@code EARSHOT_LOG_LEVEL}, {@code EARSHOT_MODELS_DIR}, the launcher's {@code EARSHOT_JAR} and
     * {@code EARSHOT_JAVA_OPTIONS}, the tests' {@code EARSHOT_SHARED_DIR}), is refused
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

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder holding this configuration's values, for changing several at once. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes to a configuration, checked together when {@link #build()} makes the record: a
     * value that is only valid beside another (the two secret lifetimes) can be set in any order.
     * Not thread-safe.
     */
    public static final class Builder {
        private String host;
        private int port;
        private Set<String> apiKeys;
        private boolean allowUnauthenticated;
        private Set<String> allowedOrigins;
        private ModelConfig models;
        private int maxSessions;
        private int maxSessionsPerKey;
        private int maxSessionsPerSecret;
        private int maxChunkBytes;
        private Duration idleTimeout;
        private Duration maxSessionLength;
        private Duration clientSecretTtl;
        private Duration clientSecretMaxTtl;

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            apiKeys = c.apiKeys;
            allowUnauthenticated = c.allowUnauthenticated;
            allowedOrigins = c.allowedOrigins;
            models = c.models;
            maxSessions = c.maxSessions;
            maxSessionsPerKey = c.maxSessionsPerKey;
            maxSessionsPerSecret = c.maxSessionsPerSecret;
            maxChunkBytes = c.maxChunkBytes;
            idleTimeout = c.idleTimeout;
            maxSessionLength = c.maxSessionLength;
            clientSecretTtl = c.clientSecretTtl;
            clientSecretMaxTtl = c.clientSecretMaxTtl;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder apiKeys(Set<String> value) {
            apiKeys = value;
            return this;
        }

        public Builder allowUnauthenticated(boolean value) {
            allowUnauthenticated = value;
            return this;
        }

        public Builder allowedOrigins(Set<String> value) {
            allowedOrigins = value;
            return this;
        }

        public Builder models(ModelConfig value) {
            models = value;
            return this;
        }

        public Builder maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        public Builder maxSessionsPerKey(int value) {
            maxSessionsPerKey = value;
            return this;
        }

        public Builder maxSessionsPerSecret(int value) {
            maxSessionsPerSecret = value;
            return this;
        }

        public Builder maxChunkBytes(int value) {
            maxChunkBytes = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder maxSessionLength(Duration value) {
            maxSessionLength = value;
            return this;
        }

        public Builder clientSecretTtl(Duration value) {
            clientSecretTtl = value;
            return this;
        }

        public Builder clientSecretMaxTtl(Duration value) {
            clientSecretMaxTtl = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException as the record's constructor, naming the setting
         */
        public ServerConfig build() {
            return new ServerConfig(host, port, apiKeys, allowUnauthenticated, allowedOrigins, models, maxSessions,
                    maxSessionsPerKey, maxSessionsPerSecret, maxChunkBytes, idleTimeout, maxSessionLength,
                    clientSecretTtl, clientSecretMaxTtl);
        }
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
