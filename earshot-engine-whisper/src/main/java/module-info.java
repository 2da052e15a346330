/**
 * Whisper through whisper.cpp, the {@code whisper} engine. Exports nothing: the engine is reached
 * through {@link dev.earshot.engine.EngineProvider} alone.
 */
module dev.earshot.engine.whisper {
    requires dev.earshot.core;
    requires org.slf4j;

    provides dev.earshot.engine.EngineProvider with dev.earshot.engine.whisper.WhisperProvider;
}
