package dev.earshot.server;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;

/** One PocketSphinx engine for the whole test JVM: opening one costs ~0.5 s and ~90 MB a worker. */
final class SharedEngine {

    private static ModelRegistry models;

    private SharedEngine() {
    }

    static synchronized SpeechEngine get() {
        if (models == null) {
            models = ModelRegistry.open(ModelConfig.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(models::close));
        }
        return models.require(ModelConfig.DEFAULT_MODEL.id());
    }
}
