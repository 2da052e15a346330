package dev.earshot.streaming;

import java.util.List;

import dev.earshot.engine.Word;

/**
 * Text that became final: it is appended to the transcript and never changes.
 *
 * @param text    the delta exactly as it extends the transcript, with its leading space if any
 * @param words   the words it commits, with their times in the stream
 * @param audioMs how much audio the engine had heard when it committed them
 */
public record TextCommit(String text, List<Word> words, long audioMs) implements TranscriptEvent {
    public TextCommit {
        words = List.copyOf(words);
    }
}
