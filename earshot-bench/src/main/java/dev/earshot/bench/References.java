package dev.earshot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.engine.Word;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TextCommit;

/**
 * Where each word of a transcript ends in the audio: the wire carries times per segment
 * (utterance) only, so the words' own ends come from an in-process decode of the same bytes in
 * the same chunks at the same delay, which gives the server's text word for word (the engine is
 * deterministic; {@code ConcurrentSessionsTest} checks it). A session whose text differs falls
 * back to the segments' ends (see {@link SessionResult}).
 *
 * <p>Decodes happen before a measured step, never during one. Thread-safe.
 */
final class References {

    /** The text and each word's end in milliseconds of audio, in transcript order. */
    record Reference(String text, long[] wordEndsMs) {
    }

    private final SpeechEngine engine;
    private final int chunkMs;
    private final Map<String, Reference> cache = new ConcurrentHashMap<>();

    /** @param engine the engine to decode with */
    References(SpeechEngine engine, int chunkMs) {
        this.engine = engine;
        this.chunkMs = chunkMs;
    }

    /** Decodes every recording at {@code delayMs} that is not yet known. */
    void prepare(List<Recording> recordings, int delayMs) {
        recordings.forEach(r -> cache.computeIfAbsent(key(r, delayMs), k -> transcribe(r, delayMs)));
    }

    /** The reference, or null if none was prepared. */
    Reference get(Recording recording, int delayMs) {
        return cache.get(key(recording, delayMs));
    }

    private static String key(Recording r, int delayMs) {
        return r.id() + "@" + delayMs;
    }

    private Reference transcribe(Recording recording, int delayMs) {
        List<Word> words = new ArrayList<>();
        String text = StreamingTranscriber.transcribe(engine, recording.audio().format(),
                StreamOptions.ofDelay(delayMs), recording.audio().chunks(chunkMs).iterator(), event -> {
                    if (event instanceof TextCommit commit) {
                        words.addAll(commit.words());
                    }
                }).text();
        return new Reference(text, words.stream().mapToLong(Word::endMs).toArray());
    }
}
