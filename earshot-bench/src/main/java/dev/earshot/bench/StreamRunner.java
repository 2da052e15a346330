package dev.earshot.bench;

/**
 * One recording as one stream, timed word by word: over the wire ({@link SessionRunner}) or through
 * the core alone ({@link CoreRunner}).
 */
sealed interface StreamRunner permits SessionRunner, CoreRunner {

    /**
     * Sends the recording and measures it; never throws for a failure of the stream, which the
     * result records.
     *
     * @param reference where each word ends, for a runner that cannot see it; may be null
     */
    SessionResult run(Recording recording, int delayMs, References.Reference reference);
}
