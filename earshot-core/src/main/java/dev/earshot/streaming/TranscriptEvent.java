package dev.earshot.streaming;

/**
 * Something a {@link StreamingTranscriber} committed, returned from the call whose audio caused
 * it, in stream order.
 */
public sealed interface TranscriptEvent permits TextCommit, TranscriptSegment, LanguageDetected {
}
