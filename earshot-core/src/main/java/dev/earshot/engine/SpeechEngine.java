package dev.earshot.engine;

/**
 * A speech recognition engine: makes one {@link Recognizer} per audio stream.
 *
 * <p>Thread-safe: any thread may open recognizers at any time. Closing the engine waits for no
 * stream; recognizers still open when it closes fail on their next call.
 */
public interface SpeechEngine extends AutoCloseable {

    /** A short name for logs and the model list, such as {@code pocketsphinx-en-us}. */
    String name();

    /** The language of the text this engine produces, as an ISO 639-1 code. */
    String language();

    /**
     * Opens a recognizer for a new stream. Cheap: models are loaded once per engine.
     *
     * @param partialLagMs how long after a word's end its consumer first needs it: partial
     *                     hypotheses (which cost the engine work) are then only formed once an
     *                     utterance is about that old; 0 asks for them all the time
     * @throws EngineException if the engine cannot make one
     */
    Recognizer newRecognizer(int partialLagMs);

    /** How many recognizers are open right now; a stream that ended must not count. */
    int openRecognizers();

    /** Releases every native resource of the engine. Idempotent. */
    @Override
    void close();
}
