package dev.earshot.server;

import java.util.Base64;
import java.util.List;

import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;

/** What a session should answer: the same chunks through an in-process transcriber, then flush and end. */
final class InProcess {

    private InProcess() {
    }

    /** @param base64Chunks the audio exactly as the session's {@code input_audio.append}s carry it */
    static String transcript(SpeechEngine engine, AudioFormat format, TargetDelay delay, List<String> base64Chunks) {
        try (StreamingTranscriber t = new StreamingTranscriber(engine, format, delay, commit -> {
        })) {
            base64Chunks.forEach(chunk -> t.append(Base64.getDecoder().decode(chunk)));
            t.flush();
            return t.finish().text();
        }
    }
}
