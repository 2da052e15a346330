package dev.earshot.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads {@link ServerConfig} settings from a properties file and {@code EARSHOT_*} variables. */
final class ConfigLoader {

    private static final String MODEL_PREFIX = "model.";

    private ConfigLoader() {
    }

    static ServerConfig load(Map<String, String> env, Path fileOrNull) throws IOException {
        Map<String, String> settings = fileSettings(fileOrNull);
        ServerConfig config = ServerConfig.defaults();
        for (String key : settings.keySet()) {
            if (key.startsWith(MODEL_PREFIX)) {
                config = config.withModel(key.substring(MODEL_PREFIX.length()), settings.get(key));
            }
        }
        return apply(config, source(env, settings));
    }

    static BatchSettings loadBatch(Map<String, String> env, Path fileOrNull) throws IOException {
        Function<String, String> source = source(env, fileSettings(fileOrNull));
        BatchSettings batch = BatchSettings.defaults();
        String value;
        if ((value = source.apply("batch-max-upload-bytes")) != null) {
            batch = batch.withMaxUploadBytes(integer("batch-max-upload-bytes", value));
        }
        if ((value = source.apply("batch-max-jobs")) != null) {
            batch = batch.withMaxJobs(integer("batch-max-jobs", value));
        }
        if ((value = source.apply("allow-file-urls")) != null) {
            batch = batch.withAllowFileUrls(bool("allow-file-urls", value));
        }
        return batch;
    }

    private static Map<String, String> fileSettings(Path fileOrNull) throws IOException {
        Properties file = new Properties();
        if (fileOrNull != null) {
            try (Reader reader = Files.newBufferedReader(fileOrNull, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
        }
        Map<String, String> settings = new HashMap<>();
        file.stringPropertyNames().forEach(key -> settings.put(key, file.getProperty(key).trim()));
        return settings;
    }

    /** A setting's value: its {@code EARSHOT_*} variable, else the file's, else null. */
    private static Function<String, String> source(Map<String, String> env, Map<String, String> settings) {
        return setting -> {
            String variable = "EARSHOT_" + setting.toUpperCase(Locale.ROOT).replace('-', '_');
            return env.containsKey(variable) ? env.get(variable).trim() : settings.get(setting);
        };
    }

    private static ServerConfig apply(ServerConfig c, Function<String, String> source) {
        String value;
        if ((value = source.apply("host")) != null) {
            c = c.withHost(value);
        }
        if ((value = source.apply("port")) != null) {
            c = c.withPort(integer("port", value));
        }
        if ((value = source.apply("api-keys")) != null) {
            c = c.withApiKeys(keys(value));
        }
        if ((value = source.apply("allow-unauthenticated")) != null) {
            c = c.withAllowUnauthenticated(bool("allow-unauthenticated", value));
        }
        if ((value = source.apply("max-sessions")) != null) {
            c = c.withMaxSessions(integer("max-sessions", value));
        }
        if ((value = source.apply("max-chunk-bytes")) != null) {
            c = c.withMaxChunkBytes(integer("max-chunk-bytes", value));
        }
        if ((value = source.apply("idle-timeout-seconds")) != null) {
            c = c.withIdleTimeout(seconds("idle-timeout-seconds", value));
        }
        if ((value = source.apply("max-session-seconds")) != null) {
            c = c.withMaxSessionLength(seconds("max-session-seconds", value));
        }
        return applySecrets(c, source);
    }

    private static ServerConfig applySecrets(ServerConfig c, Function<String, String> source) {
        String ttl = source.apply("client-secret-ttl-seconds");
        String maxTtl = source.apply("client-secret-max-ttl-seconds");
        return c.withClientSecretTtl(
                ttl == null ? c.clientSecretTtl() : seconds("client-secret-ttl-seconds", ttl),
                maxTtl == null ? c.clientSecretMaxTtl() : seconds("client-secret-max-ttl-seconds", maxTtl));
    }

    private static Set<String> keys(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty()).collect(Collectors.toSet());
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected an integer, found '" + value + "'", e);
        }
    }

    private static Duration seconds(String name, String value) {
        return Duration.ofSeconds(integer(name, value));
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": expected true or false, found '" + value + "'");
        };
    }
}
