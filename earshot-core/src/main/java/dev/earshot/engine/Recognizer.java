package dev.earshot.engine;

import java.util.List;

/**
 * Recognition of one audio stream.
 *
 * <p>Lifecycle: created by {@link SpeechEngine#newRecognizer(StreamOptions)}, fed with
 * {@link #accept} any number of times, optionally cut with {@link #endUtterance()}, and always
 * {@link #close() closed}. Audio is in the engine's {@link EngineInfo#audio()}; stream time starts
 * at zero when the recognizer is made.
 *
 * <p>Results are returned, never pushed: an engine whose results arrive on their own (a remote
 * one) returns from each call whatever arrived since the previous one.
 *
 * <p>Threading: one caller at a time. Every method blocks until the engine has done its work, which
 * suits a virtual thread per stream. Where the engine promises it (PocketSphinx and Whisper do), the result
 * of the same audio is the same whatever the chunking of {@code accept} calls, and whatever else
 * the process decodes at the same time.
 */
public interface Recognizer extends AutoCloseable {

    /**
     * Feeds audio and returns the hypotheses the engine formed while consuming it, in stream order:
     * partial ones as the utterance grows, and a final one wherever silence ended an utterance.
     *
     * @param audio samples in the engine's {@link EngineInfo#audio()} type; not retained after the call
     * @return the hypotheses, possibly empty, never null
     * @throws EngineException          if the engine fails or was closed; the recognizer is unusable afterwards
     * @throws IllegalArgumentException if the samples are not of the engine's type
     * @throws IllegalStateException    if the recognizer is closed
     */
    List<Hypothesis> accept(Samples audio);

    /**
     * Decodes whatever audio is buffered and ends the utterance in progress now, without waiting
     * for silence. The stream stays open: later audio starts a new utterance.
     *
     * @return the hypotheses formed, the last of them final; empty if no utterance was in progress
     * @throws EngineException if the engine fails or was closed
     */
    List<Hypothesis> endUtterance();

    /** Releases the engine's resources for this stream. Idempotent; never throws, even after the engine closed. */
    @Override
    void close();
}
