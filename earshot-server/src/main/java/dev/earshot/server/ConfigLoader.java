package dev.earshot.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.earshot.models.ModelConfig;

/**
 * Reads {@link ServerConfig} settings from a properties file and {@code EARSHOT_*} variables.
 * A key or variable that names no setting is refused with the list of known ones, so that a typo
 * cannot pass silently.
 */
final class ConfigLoader {

    private static final String MODEL_PREFIX = "model.";
    private static final String VARIABLE_PREFIX = "EARSHOT_";
    /** Variables read elsewhere: known, but no setting of this file. The log level (logback.xml),
     *  the models folder (dev.earshot.models.ModelsFolder) and where {@code earshot models pull}
     *  downloads from, the {@code earshot} launcher's jar and JVM options, and the tests' shared
     *  folder, all of which the servers they start inherit. A new one
     *  belongs here, or it stops every server it reaches. */
    private static final Set<String> OTHER_VARIABLES = Set.of("EARSHOT_LOG_LEVEL", "EARSHOT_MODELS_DIR",
            "EARSHOT_MODELS_BASE_URL", "EARSHOT_JAR", "EARSHOT_JAVA_OPTIONS", "EARSHOT_SHARED_DIR");

    /** How one setting's text value changes a config ({@link ServerConfig.Builder} or
     *  {@link BatchSettings}); {@code name} is the file's key or the variable, for messages. */
    private interface Setting<C> {
        C apply(C config, String name, String value);
    }

    /** Every setting of {@link ServerConfig} but the models, in the order they are applied. */
    private static final Map<String, Setting<ServerConfig.Builder>> SETTINGS = settings();
    /** The batch endpoint's settings ({@link BatchSettings}), read by {@link #loadBatch}. */
    private static final Map<String, Setting<BatchSettings>> BATCH_SETTINGS = batchSettings();
    /** Every key a file may hold besides {@code model.<id>}. */
    private static final List<String> KEYS = Stream.concat(SETTINGS.keySet().stream(),
            BATCH_SETTINGS.keySet().stream()).toList();


    private ConfigLoader() {
    }

    private static Map<String, Setting<BatchSettings>> batchSettings() {
        Map<String, Setting<BatchSettings>> s = new LinkedHashMap<>();
        s.put("batch-max-upload-bytes", (b, name, v) -> b.withMaxUploadBytes(integer(name, v)));
        s.put("batch-max-jobs", (b, name, v) -> b.withMaxJobs(integer(name, v)));
        s.put("allow-file-urls", (b, name, v) -> b.withAllowFileUrls(bool(name, v)));
        return Collections.unmodifiableMap(s);
    }

    /** The batch settings from the same file and variables as {@link #load}, which checks their keys. */
    static BatchSettings loadBatch(Map<String, String> env, Path fileOrNull) throws IOException {
        return applyAll(BatchSettings.defaults(), BATCH_SETTINGS, readFile(fileOrNull), variables(env));
    }

    /** Each setting from its variable if set, else from the file if there. */
    private static <C> C applyAll(C config, Map<String, Setting<C>> settings, Map<String, String> file,
            Map<String, String> variables) {
        for (Map.Entry<String, Setting<C>> setting : settings.entrySet()) {
            String key = setting.getKey();
            String variable = variable(key);
            if (variables.containsKey(variable)) {
                config = setting.getValue().apply(config, variable, variables.get(variable));
            } else if (file.containsKey(key)) {
                config = setting.getValue().apply(config, key, file.get(key));
            }
        }
        return config;
    }

    private static Map<String, Setting<ServerConfig.Builder>> settings() {
        Map<String, Setting<ServerConfig.Builder>> s = new LinkedHashMap<>();
        s.put("host", (c, name, v) -> c.host(v));
        s.put("port", (c, name, v) -> c.port(integer(name, v)));
        s.put("api-keys", (c, name, v) -> c.apiKeys(list(v)));
        s.put("allow-unauthenticated", (c, name, v) -> c.allowUnauthenticated(bool(name, v)));
        s.put("allowed-origins", (c, name, v) -> c.allowedOrigins(list(v)));
        s.put("max-sessions", (c, name, v) -> c.maxSessions(integer(name, v)));
        s.put("max-sessions-per-key", (c, name, v) -> c.maxSessionsPerKey(integer(name, v)));
        s.put("max-sessions-per-secret", (c, name, v) -> c.maxSessionsPerSecret(integer(name, v)));
        s.put("max-chunk-bytes", (c, name, v) -> c.maxChunkBytes(integer(name, v)));
        s.put("idle-timeout-seconds", (c, name, v) -> c.idleTimeout(seconds(name, v)));
        s.put("max-session-seconds", (c, name, v) -> c.maxSessionLength(seconds(name, v)));
        s.put("client-secret-ttl-seconds", (c, name, v) -> c.clientSecretTtl(seconds(name, v)));
        s.put("client-secret-max-ttl-seconds", (c, name, v) -> c.clientSecretMaxTtl(seconds(name, v)));
        return Collections.unmodifiableMap(s);
    }

    /** The record is made once, after every setting: the two secret lifetimes are checked together. */
    static ServerConfig load(Map<String, String> env, Path fileOrNull) throws IOException {
        Map<String, String> file = readFile(fileOrNull);
        Map<String, String> variables = variables(env);
        Map<String, String> models = new LinkedHashMap<>();
        file.forEach((key, value) -> {
            if (key.startsWith(MODEL_PREFIX)) {
                models.put(key.substring(MODEL_PREFIX.length()), value);
            }
        });
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig.Builder config = defaults.toBuilder()
                .models(defaults.models().withSettings(models).withEnvironment(env));
        return applyAll(config, SETTINGS, file, variables).build();
    }

    /** The file's settings, trimmed; unknown keys refused. */
    private static Map<String, String> readFile(Path fileOrNull) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (fileOrNull == null) {
            return settings;
        }
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(fileOrNull, StandardCharsets.UTF_8)) {
            file.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + fileOrNull + ": no such file");
        }
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(file.stringPropertyNames())) {
            if (!KEYS.contains(key) && !key.startsWith(MODEL_PREFIX)) {
                unknown.add(key);
            }
            settings.put(key, file.getProperty(key).trim());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("config file " + fileOrNull + ": unknown key(s) " + unknown
                    + ": expected " + String.join(", ", KEYS) + " or " + MODEL_PREFIX + "<id>");
        }
        return settings;
    }

    /** The {@code EARSHOT_*} variables, trimmed; unknown ones refused. */
    private static Map<String, String> variables(Map<String, String> env) {
        Set<String> known = KEYS.stream().map(ConfigLoader::variable).collect(Collectors.toSet());
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(VARIABLE_PREFIX) || OTHER_VARIABLES.contains(name)
                    || name.startsWith(ModelConfig.ENVIRONMENT_PREFIX)) {
                continue;
            }
            if (known.contains(name)) {
                variables.put(name, env.get(name).trim());
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown variable(s) " + unknown + ": expected "
                    + KEYS.stream().map(ConfigLoader::variable).collect(Collectors.joining(", "))
                    + " or " + ModelConfig.ENVIRONMENT_PREFIX + "<ID>");
        }
        return variables;
    }

    private static String variable(String setting) {
        return VARIABLE_PREFIX + setting.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Set<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + ": expected an integer");
        }
    }

    private static Duration seconds(String name, String value) {
        int seconds = integer(name, value);
        if (seconds <= 0) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a positive number of seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + "=" + value + ": expected true or false");
        };
    }
}
