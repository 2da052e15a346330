package dev.earshot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptSegment;

/** The JSON form of a transcript, in the field names of the protocol's {@code transcription.done}. */
final class TranscriptJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TranscriptJson() {
    }

    static String write(Transcript transcript) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("text", transcript.text());
        ArrayNode segments = root.putArray("segments");
        for (TranscriptSegment s : transcript.segments()) {
            segments.addObject().put("text", s.text()).put("start", s.start()).put("end", s.end());
        }
        // Whole seconds rounded up, an integer as in the protocol (docs/protocol.md). The
        // quotient of two integers is exact when whole, so the ceiling never overshoots.
        root.putObject("usage").put("prompt_audio_seconds", (int) Math.ceil(transcript.audioSeconds()));
        return root.toString();
    }
}
