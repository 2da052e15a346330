package dev.earshot.engine;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A configured model: which engine loads it, from where, and under what id clients ask for it.
 *
 * @param id       the model id clients send, e.g. {@code pocketsphinx-en-us}
 * @param engine   the {@link EngineProvider#engine()} that loads it, e.g. {@code pocketsphinx}
 * @param location a model file or folder, or a name the engine knows (pocketsphinx: {@code en-us},
 *                 Debian's model)
 * @param options  engine-specific settings (e.g. {@code workers}); an engine refuses keys it does
 *                 not know
 */
public record ModelSpec(String id, String engine, String location, Map<String, String> options) {

    /** Ids as they travel in URLs and JSON, without quoting: letters, digits, {@code . _ -}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ENGINE = Pattern.compile("[a-z][a-z0-9-]*");

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(location, "location");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("model id '" + id + "': expected letters, digits, '.', '_' or '-'");
        }
        if (!ENGINE.matcher(engine).matches()) {
            throw new IllegalArgumentException("model " + id + ": engine '" + engine
                    + "': expected a lower-case name such as pocketsphinx");
        }
        if (location.isBlank()) {
            throw new IllegalArgumentException("model " + id + ": expected a model location after '" + engine
                    + ":', found nothing");
        }
        options = Map.copyOf(options);
    }

    /** A model with no options. */
    public ModelSpec(String id, String engine, String location) {
        this(id, engine, location, Map.of());
    }

    /**
     * Parses the value of a {@code model.<id>=<engine>:<location>} setting.
     *
     * @throws IllegalArgumentException if the value has no {@code engine:} prefix, with the value in the message
     */
    public static ModelSpec parse(String id, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("model " + id + ": expected <engine>:<location>, e.g. "
                    + "pocketsphinx:en-us, found '" + value + "'");
        }
        return new ModelSpec(id, value.substring(0, colon).trim(), value.substring(colon + 1).trim());
    }

    /** This model with one more option, replacing any of the same key. */
    public ModelSpec withOption(String key, String value) {
        Map<String, String> more = new TreeMap<>(options);
        more.put(key, value);
        return new ModelSpec(id, engine, location, more);
    }

    /** The configuration value this spec was parsed from: {@code engine:location}. */
    public String value() {
        return engine + ":" + location;
    }
}
