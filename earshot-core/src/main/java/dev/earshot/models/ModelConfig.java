package dev.earshot.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.earshot.engine.EngineProvider;
import dev.earshot.engine.ModelSpec;

/**
 * Which models to load and the further ids they answer to; {@link ModelRegistry#open} loads them.
 *
 * @param models  the models, ids all different, in the order they load
 * @param aliases further model ids, each to the id of one of {@code models}
 */
public record ModelConfig(List<ModelSpec> models, Map<String, String> aliases) {

    /** The model that works after {@code scripts/install-deps.sh} with no download. */
    public static final ModelSpec DEFAULT_MODEL = new ModelSpec("pocketsphinx-en-us", "pocketsphinx", "en-us");
    /**
     * The id Mistral's docs and the seed's examples send; out of the box an alias of
     * {@link #DEFAULT_MODEL}, so that they run unchanged.
     */
    public static final String SEED_MODEL_ID = "voxtral-mini-transcribe-realtime-2602";
    /**
     * Voxtral Mini Transcribe Realtime 3's id and its two aliases (Mistral, 2026-10-20): out of
     * the box aliases of {@link #DEFAULT_MODEL} too, so that code written for it runs unchanged.
     */
    public static final List<String> VOXTRAL_3_MODEL_IDS = List.of("voxtral-mini-transcribe-realtime-3-0",
            "voxtral-mini-transcribe-realtime-3", "voxtral-mini-transcribe-realtime-latest");

    /** @throws IllegalArgumentException if two models share an id, or an alias is a model or names none (one line) */
    public ModelConfig {
        models = List.copyOf(models);
        aliases = Map.copyOf(aliases);
        TreeSet<String> ids = new TreeSet<>();
        for (ModelSpec m : models) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("model " + m.id() + " is configured twice");
            }
        }
        aliases.forEach((alias, target) -> {
            if (ids.contains(alias)) {
                throw new IllegalArgumentException("model " + alias + " is both a model and an alias of " + target);
            }
            if (!ids.contains(target)) {
                throw new IllegalArgumentException("model alias " + alias + " names model '" + target
                        + "': expected one of " + ids);
            }
        });
    }

    /** {@link #SEED_MODEL_ID} and the {@link #VOXTRAL_3_MODEL_IDS}, each an alias of {@link #DEFAULT_MODEL}. */
    public static Map<String, String> defaultAliases() {
        Map<String, String> aliases = new TreeMap<>();
        aliases.put(SEED_MODEL_ID, DEFAULT_MODEL.id());
        VOXTRAL_3_MODEL_IDS.forEach(id -> aliases.put(id, DEFAULT_MODEL.id()));
        return Map.copyOf(aliases);
    }

    /**
     * {@link #DEFAULT_MODEL} with the {@link #defaultAliases()}, and every model the engines
     * find in the {@link ModelsFolder} (those {@code earshot models pull} downloaded).
     */
    public static ModelConfig defaults() {
        ModelConfig config = new ModelConfig(List.of(DEFAULT_MODEL), defaultAliases());
        for (EngineProvider provider : java.util.ServiceLoader.load(EngineProvider.class)) {
            for (ModelSpec installed : provider.installed(ModelsFolder.path())) {
                config = config.with(installed);
            }
        }
        return config;
    }

    /** This configuration with {@code model} added, or replacing the model of the same id. */
    public ModelConfig with(ModelSpec model) {
        List<ModelSpec> more = new ArrayList<>(models.stream().filter(m -> !m.id().equals(model.id())).toList());
        more.add(model);
        return new ModelConfig(more, aliases);
    }

    /** This configuration with one more alias, replacing one of the same name. */
    public ModelConfig withAlias(String alias, String modelId) {
        Map<String, String> more = new LinkedHashMap<>(aliases);
        more.put(alias, modelId);
        return new ModelConfig(models, more);
    }

    /** Every model with {@code key=value} added to its options (e.g. the serve command's worker count). */
    public ModelConfig withOption(String key, String value) {
        return new ModelConfig(models.stream().map(m -> m.withOption(key, value)).toList(), aliases);
    }

    /**
     * The model a model id or alias names.
     *
     * @throws IllegalArgumentException for an id that is neither, listing those that are
     */
    public ModelSpec select(String id) {
        Objects.requireNonNull(id, "id");
        String target = aliases.getOrDefault(id, id);
        return models.stream().filter(m -> m.id().equals(target)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown model '" + id + "': expected one of " + ids()));
    }

    /**
     * Just the models the ids name, each once, with their aliases: what a command loads (one
     * model, or two for {@code dual}'s fast and slow streams).
     *
     * @throws IllegalArgumentException for an id that names no model, listing those that do
     */
    public ModelConfig only(String... ids) {
        List<ModelSpec> chosen = Arrays.stream(ids).map(this::select).distinct().toList();
        Set<String> chosenIds = chosen.stream().map(ModelSpec::id).collect(Collectors.toSet());
        Map<String, String> theirs = new TreeMap<>(aliases);
        theirs.values().removeIf(target -> !chosenIds.contains(target));
        return new ModelConfig(chosen, theirs);
    }

    /** Model ids and aliases, sorted. */
    public List<String> ids() {
        TreeSet<String> all = new TreeSet<>(aliases.keySet());
        models.forEach(m -> all.add(m.id()));
        return List.copyOf(all);
    }
}
