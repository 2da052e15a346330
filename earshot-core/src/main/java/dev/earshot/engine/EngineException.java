package dev.earshot.engine;

/** The engine failed: a native call returned an error, or the engine or model could not load. */
public final class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
