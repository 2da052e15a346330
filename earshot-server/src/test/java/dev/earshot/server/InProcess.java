package dev.earshot.server;

import java.util.Base64;
import java.util.List;

import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;

/** What a session should answer: the same chunks through an in-process transcriber, then flush and end. */
final class InProcess {

    private InProcess() {
    }

    /** @param base64Chunks the audio exactly as the session's {@code input_audio.append}s carry it */
    static String transcript(SpeechEngine engine, AudioFormat format, TargetDelay delay, List<String> base64Chunks) {
        return StreamingTranscriber.transcribe(engine, format, StreamOptions.ofDelay(delay.millis()),
                base64Chunks.stream().map(Base64.getDecoder()::decode).iterator(), event -> { }).text();
    }
}
