package dev.earshot.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import picocli.CommandLine.Option;

/** {@code --model ID}: the model a command runs on, in process or on {@code --server}. */
final class ModelOption {

    @Option(names = "--model", paramLabel = "ID", defaultValue = ModelConfig.SEED_MODEL_ID,
            description = "model id or alias: one of the configured models in process, or one the --server "
                    + "offers (default ${DEFAULT-VALUE})")
    String id;

    @Option(names = "--model-config", paramLabel = "ID=ENGINE:LOCATION",
            description = "configure a model, e.g. whisper-base=whisper:/models/ggml-base.en.bin, or ID=MODEL_ID "
                    + "for an alias; added to pocketsphinx-en-us and the EARSHOT_MODEL_* variables (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Loads just this model in this process, with {@code options} added to its own.
     *
     * @throws CommandFailure a usage error if the id or an alias names no configured model, a
     *                        failure if the model does not load (one line)
     */
    ModelRegistry open(Map<String, String> options) {
        return open(options, id);
    }

    /**
     * Loads just the models these ids name (say {@code dual}'s fast and slow ones), each once,
     * with {@code options} added to their own.
     *
     * @throws CommandFailure a usage error if an id or an alias names no configured model, a
     *                        failure if a model does not load (one line)
     */
    ModelRegistry open(Map<String, String> options, String... ids) {
        ModelConfig config;
        try {
            config = ModelConfig.defaults().withEnvironment(System.getenv()).withSettings(settings).only(ids);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usageError(e.getMessage());
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            config = config.withOption(option.getKey(), option.getValue());
        }
        ModelRegistry models = ModelRegistry.open(config);
        if (!models.failures().isEmpty()) {
            models.close();
            throw new CommandFailure(models.failures().values().iterator().next());
        }
        return models;
    }
}
