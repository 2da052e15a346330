package dev.earshot.server;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;

/**
 * One PocketSphinx engine for the whole test JVM, with one worker: each worker loads its own copy
 * of the model (~0.5 s and ~90 MB), and the tests that share this engine run few sessions at once.
 * ConcurrentSessionsTest opens its own engine with a worker per core.
 */
final class SharedEngine {

    private static ModelRegistry models;

    private SharedEngine() {
    }

    static synchronized SpeechEngine get() {
        if (models == null) {
            models = ModelRegistry.open(ModelConfig.defaults().withOption("workers", "1"));
            Runtime.getRuntime().addShutdownHook(new Thread(models::close));
        }
        return models.require(ModelConfig.DEFAULT_MODEL.id());
    }
}
