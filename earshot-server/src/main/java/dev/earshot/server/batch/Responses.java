package dev.earshot.server.batch;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earshot.captions.Captions;
import dev.earshot.engine.Word;
import dev.earshot.protocol.DoneSegment;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.Usage;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptSegment;

/** Writes a finished transcription in each {@link ResponseFormat}. Stateless and thread-safe. */
final class Responses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private Responses() {
    }

    /**
     * The {@code transcription.done} event of {@code transcript}; its {@code usage} counts the
     * audio in whole seconds, rounded up, like the realtime endpoint's.
     */
    static ServerEvent.TranscriptionDone done(String model, String language, Transcript transcript, long samples,
            int sampleRate) {
        List<DoneSegment> segments = transcript.segments().stream()
                .map(s -> new DoneSegment(s.text(), s.start(), s.end(), null, null)).toList();
        return new ServerEvent.TranscriptionDone(model, transcript.text(), segments, Usage.ofAudio(samples, sampleRate),
                language);
    }

    static String render(ResponseFormat format, ServerEvent.TranscriptionDone done, Transcript transcript,
            boolean words) {
        return switch (format) {
            case JSON -> CODEC.encodeTranscription(done);
            case TEXT -> transcript.text() + "\n";
            case SRT -> Captions.srt(transcript.segments());
            case VTT -> Captions.vtt(transcript.segments());
            case VERBOSE_JSON -> verbose(done, transcript, words);
        };
    }

    /**
     * OpenAI's {@code verbose_json}: {@code task}, {@code language} (an ISO 639-1 code, as
     * Mistral sends it), {@code duration}, {@code text}, {@code segments} with {@code id},
     * {@code start}, {@code end} and {@code text}, and {@code words} when asked. The fields
     * Whisper's decoder fills (tokens, log-probabilities) are left out: no engine here computes them.
     */
    private static String verbose(ServerEvent.TranscriptionDone done, Transcript transcript, boolean words) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", "transcribe");
        root.put("language", done.language());
        root.put("duration", transcript.audioSeconds());
        root.put("text", transcript.text());
        ArrayNode segments = root.putArray("segments");
        int id = 0;
        for (TranscriptSegment s : transcript.segments()) {
            segments.addObject().put("id", id++).put("start", s.start()).put("end", s.end()).put("text", s.text());
        }
        if (words) {
            ArrayNode list = root.putArray("words");
            for (TranscriptSegment s : transcript.segments()) {
                for (Word w : s.words()) {
                    list.addObject().put("word", w.text()).put("start", w.startMs() / 1000.0)
                            .put("end", w.endMs() / 1000.0);
                }
            }
        }
        root.putObject("usage").put("type", "duration")
                .put("seconds", done.usage().promptAudioSeconds());
        return root.toString();
    }
}
