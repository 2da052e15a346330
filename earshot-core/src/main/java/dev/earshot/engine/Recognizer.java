package dev.earshot.engine;

import java.util.List;

/**
 * Recognition of one audio stream.
 *
 * <p>Lifecycle: created by {@link SpeechEngine#newRecognizer(int)}, fed with {@link #accept} any
 * number of times, optionally cut with {@link #endUtterance()}, and always {@link #close() closed}.
 * Audio is 16 kHz mono signed 16-bit PCM; stream time starts at zero when the recognizer is made.
 *
 * <p>Threading: one caller at a time. Every method blocks until the engine has done its work, which
 * suits a virtual thread per stream. The result of the same audio is the same whatever the
 * chunking of {@code accept} calls, and whatever else the process decodes at the same time.
 */
public interface Recognizer extends AutoCloseable {

    /**
     * Feeds audio and returns the hypotheses the engine formed while consuming it, in stream order:
     * partial ones as the utterance grows (once it is older than the partial lag less some slack
     * for the voice detector), and a final one wherever silence ended an utterance.
     *
     * @param samples 16 kHz mono samples; not retained after the call
     * @return the hypotheses, possibly empty, never null
     * @throws EngineException if the engine fails; the recognizer is unusable afterwards
     * @throws IllegalStateException if the recognizer is closed
     */
    List<Hypothesis> accept(short[] samples);

    /**
     * Decodes whatever audio is buffered and ends the utterance in progress now, without waiting
     * for silence. The stream stays open: later audio starts a new utterance.
     *
     * @return the hypotheses formed, the last of them final; empty if no utterance was in progress
     */
    List<Hypothesis> endUtterance();

    /** Releases the engine's resources for this stream. Idempotent; never throws. */
    @Override
    void close();
}
