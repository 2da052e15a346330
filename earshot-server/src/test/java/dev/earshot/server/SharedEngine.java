package dev.earshot.server;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.pocketsphinx.PocketSphinxEngine;

/** One PocketSphinx engine for the whole test JVM: opening one costs ~0.5 s and ~90 MB a worker. */
final class SharedEngine {

    private static SpeechEngine engine;

    private SharedEngine() {
    }

    static synchronized SpeechEngine get() {
        if (engine == null) {
            engine = PocketSphinxEngine.openDefault();
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }
}
