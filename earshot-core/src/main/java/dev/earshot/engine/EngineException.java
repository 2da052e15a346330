package dev.earshot.engine;

/**
 * The engine failed: a native call returned an error, the engine was closed under a stream, or
 * the engine or model could not load. The message is one line for the user.
 */
public final class EngineException extends RuntimeException {

    private final boolean retryable;

    /** A failure that a retry on the same engine and model will not cure. */
    public EngineException(String message) {
        this(message, false);
    }

    /**
     * @param retryable whether trying again later (a new stream, a new request) may succeed: true
     *                  for a transient cause such as an overloaded or restarting engine, false for
     *                  a damaged model, a missing library or a closed engine
     */
    public EngineException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public EngineException(String message, Throwable cause) {
        this(message, false, cause);
    }

    public EngineException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether a retry may succeed; see {@link #EngineException(String, boolean)}. */
    public boolean retryable() {
        return retryable;
    }
}
