package dev.earshot.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineProvider;
import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.SpeechEngine;

/**
 * The configured models, loaded: model id (and alias) to {@link SpeechEngine}. Engines come from
 * the {@link EngineProvider}s that {@link ServiceLoader} finds, so nothing here names an engine.
 *
 * <p>A model that fails to load fails alone: the registry keeps its one-line reason in
 * {@link #failures()} and serves the others. Owns its engines: {@link #close()} closes them all.
 * Immutable after {@link #open} and thread-safe.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** Sorted, so that error messages and {@code /v1/models} list models in a stable order. */
    private final Map<String, SpeechEngine> byId;
    private final Map<String, String> aliases;
    private final Map<String, String> failures;
    private final List<SpeechEngine> engines;

    private ModelRegistry(Map<String, SpeechEngine> byId, Map<String, String> aliases, Map<String, String> failures,
            List<SpeechEngine> engines) {
        this.byId = Collections.unmodifiableMap(byId);
        this.aliases = Map.copyOf(aliases);
        this.failures = Collections.unmodifiableMap(failures);
        this.engines = List.copyOf(engines);
    }

    /**
     * Loads every configured model through the providers on the class or module path, one after
     * another. A model that fails is left out with its aliases and reported in {@link #failures()}.
     */
    public static ModelRegistry open(ModelConfig config) {
        return open(config, ServiceLoader.load(EngineProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    static ModelRegistry open(ModelConfig config, List<EngineProvider> providers) {
        Map<String, EngineProvider> byEngine = new TreeMap<>();
        providers.forEach(p -> byEngine.putIfAbsent(p.engine(), p));
        Map<String, SpeechEngine> byId = new TreeMap<>();
        Map<String, String> failures = new TreeMap<>();
        List<SpeechEngine> engines = new ArrayList<>();
        for (ModelSpec model : config.models()) {
            try {
                SpeechEngine engine = load(model, byEngine);
                engines.add(engine);
                byId.put(model.id(), engine);
            } catch (RuntimeException e) {
                // Whatever a provider throws for a bad model, the other models still load.
                String reason = e.getMessage() != null ? e.getMessage() : e.toString();
                LOG.error("model {} ({}) not loaded: {}", model.id(), model.value(), reason);
                failures.put(model.id(), reason);
            }
        }
        Map<String, String> liveAliases = new LinkedHashMap<>();
        config.aliases().forEach((alias, target) -> {
            if (byId.containsKey(target)) {
                byId.put(alias, byId.get(target));
                liveAliases.put(alias, target);
            }
        });
        return new ModelRegistry(byId, liveAliases, failures, engines);
    }

    private static SpeechEngine load(ModelSpec model, Map<String, EngineProvider> providers) {
        EngineProvider provider = providers.get(model.engine());
        if (provider == null) {
            throw new IllegalArgumentException("model " + model.id() + ": no engine '" + model.engine()
                    + "': expected one of " + providers.keySet());
        }
        SpeechEngine engine = provider.open(model);
        if (!engine.id().equals(model.id())) {
            engine.close();
            throw new IllegalStateException("engine " + model.engine() + " opened model " + model.id()
                    + " as '" + engine.id() + "'");
        }
        return engine;
    }

    /** The engine for a model id or alias; empty for an unknown, failed or null id. */
    public Optional<SpeechEngine> find(String modelId) {
        return modelId == null ? Optional.empty() : Optional.ofNullable(byId.get(modelId));
    }

    /**
     * The engine for a model id or alias.
     *
     * @throws EngineException if the model failed to load (its reason) or is not configured (the ids that are)
     */
    public SpeechEngine require(String modelId) {
        return find(modelId).orElseThrow(() -> new EngineException(failures.containsKey(modelId)
                ? "model " + modelId + " did not load: " + failures.get(modelId)
                : "unknown model '" + modelId + "': expected one of " + ids()));
    }

    /** Every id a client may ask for, models and aliases, sorted. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The loaded engines, in configuration order, each once. */
    public List<SpeechEngine> engines() {
        return engines;
    }

    /** Alias to the model id it names, for the loaded models. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Model id to the one-line reason it did not load; empty when all loaded. */
    public Map<String, String> failures() {
        return failures;
    }

    /** Closes every engine. Idempotent; never throws. */
    @Override
    public void close() {
        for (SpeechEngine engine : engines) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                LOG.warn("closing model {}: {}", engine.id(), e.toString());
            }
        }
    }
}
