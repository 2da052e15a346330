package dev.earshot.server.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.earshot.engine.SpeechEngine;

/**
 * The model ids a client may ask for, each mapped to an engine: every engine under its own
 * name, plus the configured aliases. Immutable and thread-safe.
 */
public final class ModelCatalog {

    /** Sorted, so that error messages and {@code /v1/models} list models in a stable order. */
    private final Map<String, SpeechEngine> byId;

    /**
     * @param engines the engines; names must differ
     * @param aliases model id to engine name
     * @throws IllegalArgumentException if an alias names no engine, or two engines share a name
     */
    public ModelCatalog(List<SpeechEngine> engines, Map<String, String> aliases) {
        Map<String, SpeechEngine> ids = new TreeMap<>();
        for (SpeechEngine engine : engines) {
            if (ids.put(engine.id(), engine) != null) {
                throw new IllegalArgumentException("two engines are named '" + engine.id() + "'");
            }
        }
        Map<String, SpeechEngine> engineByName = Map.copyOf(ids);
        aliases.forEach((id, engineName) -> {
            SpeechEngine engine = engineByName.get(engineName);
            if (engine == null) {
                throw new IllegalArgumentException("model '" + id + "' maps to engine '" + engineName
                        + "': expected one of " + engineByName.keySet());
            }
            ids.put(id, engine);
        });
        this.byId = ids;
    }

    /** The engine for a model id; empty for an unknown or null id. */
    public Optional<SpeechEngine> find(String modelId) {
        return modelId == null ? Optional.empty() : Optional.ofNullable(byId.get(modelId));
    }

    /** Every model id, sorted. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The distinct engines, in the order of their first id. */
    public List<SpeechEngine> engines() {
        return byId.values().stream().distinct().toList();
    }
}
