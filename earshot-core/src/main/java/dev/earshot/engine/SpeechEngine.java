package dev.earshot.engine;

/**
 * A loaded model: makes one {@link Recognizer} per audio stream. Opened by its
 * {@link EngineProvider}, usually through {@code dev.earshot.models.ModelRegistry}.
 *
 * <p>Thread-safe: any thread may open recognizers at any time. Closing the engine waits for no
 * stream: recognizers still open fail on their next {@code accept} or {@code endUtterance} with
 * an {@link EngineException}, their {@code close()} still succeeds, and each still counts in
 * {@link #openRecognizers()} until it is closed. {@link OpenStreams} keeps these books for an
 * implementation.
 */
public interface SpeechEngine extends AutoCloseable {

    /** The model id this engine was opened as, e.g. {@code pocketsphinx-en-us}: for logs, metrics and the model list. */
    String id();

    /** What this engine can do and the audio it consumes. */
    EngineInfo info();

    /**
     * Opens a recognizer for a new stream. Cheap: models are loaded once per engine.
     *
     * @throws EngineException          if the engine cannot make one, or is closed
     * @throws IllegalArgumentException if the engine cannot honour an option (one line saying which)
     */
    Recognizer newRecognizer(StreamOptions options);

    /** How many recognizers are open right now; one that was closed does not count. */
    int openRecognizers();

    /** Releases every native resource of the engine. Idempotent; never throws. */
    @Override
    void close();
}
