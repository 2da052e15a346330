package dev.earshot.streaming;

/**
 * Receives a stream's text as it becomes final. Called on the thread that feeds the
 * {@link StreamingTranscriber}, from within its methods, in stream order; a listener that blocks
 * holds up that stream only.
 */
public interface TranscriptListener {

    /** New text at the end of the transcript. */
    void onText(TextCommit commit);

    /** An utterance ended; its text was already delivered through {@link #onText}. Ignored unless overridden. */
    default void onSegment(TranscriptSegment segment) {
    }
}
