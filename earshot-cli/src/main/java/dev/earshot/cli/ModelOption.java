package dev.earshot.cli;

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

    /**
     * Loads just this model in this process, with {@code options} added to its own.
     *
     * @throws CommandFailure if the id names no configured model or the model does not load (one line)
     */
    ModelRegistry open(Map<String, String> options) {
        return open(options, id);
    }

    /**
     * Loads just the models these ids name (say {@code dual}'s fast and slow ones), each once,
     * with {@code options} added to their own.
     *
     * @throws CommandFailure if an id names no configured model or a model does not load (one line)
     */
    static ModelRegistry open(Map<String, String> options, String... ids) {
        ModelConfig config;
        try {
            config = ModelConfig.defaults().only(ids);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            config = config.withOption(option.getKey(), option.getValue());
        }
        ModelRegistry models = ModelRegistry.open(config);
        if (!models.failures().isEmpty()) {
            models.close();
            Map.Entry<String, String> failure = models.failures().entrySet().iterator().next();
            throw new CommandFailure("model " + failure.getKey() + " did not load: " + failure.getValue());
        }
        return models;
    }
}
