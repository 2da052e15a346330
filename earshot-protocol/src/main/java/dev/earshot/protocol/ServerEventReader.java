package dev.earshot.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed server message into a {@link ServerEvent}. It throws on a schema mismatch;
 * {@link ProtocolCodec#readServerEvent} turns that into an {@link ServerEvent.UnknownEvent}.
 */
final class ServerEventReader {

    private final ObjectMapper mapper;

    ServerEventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Returns null for a type this reader does not know. */
    ServerEvent read(String type, JsonFields fields) throws ProtocolException {
        return switch (type) {
            case ServerEvent.SessionCreated.TYPE -> new ServerEvent.SessionCreated(session(fields));
            case ServerEvent.SessionUpdated.TYPE -> new ServerEvent.SessionUpdated(session(fields));
            case ServerEvent.TextDelta.TYPE -> new ServerEvent.TextDelta(fields.requiredString("text"));
            case ServerEvent.Segment.TYPE -> new ServerEvent.Segment(fields.requiredString("text"),
                    fields.requiredNumber("start"), fields.requiredNumber("end"),
                    fields.optionalString("speaker_id"));
            case ServerEvent.LanguageDetected.TYPE ->
                    new ServerEvent.LanguageDetected(fields.requiredString("audio_language"));
            case ServerEvent.TranscriptionDone.TYPE -> done(fields);
            case ServerEvent.ErrorEvent.TYPE -> new ServerEvent.ErrorEvent(error(fields));
            default -> null;
        };
    }

    private static SessionInfo session(JsonFields fields) throws ProtocolException {
        JsonFields session = fields.nested("session", fields.requiredObject("session"));
        JsonFields format = session.nested("audio_format", session.requiredObject("audio_format"));
        return new SessionInfo(session.requiredString("request_id"), session.requiredString("model"),
                ClientEventReader.audioFormat(format), session.optionalInt("target_streaming_delay_ms"));
    }

    private static ServerEvent done(JsonFields fields) throws ProtocolException {
        JsonNode usageNode = fields.optionalObject("usage");
        Usage usage = usageNode == null ? Usage.EMPTY : usage(fields.nested("usage", usageNode));
        return new ServerEvent.TranscriptionDone(fields.requiredString("model"),
                fields.requiredString("text"), segments(fields), usage, fields.optionalString("language"));
    }

    private static List<DoneSegment> segments(JsonFields fields) throws ProtocolException {
        JsonNode array = fields.optionalArray("segments");
        List<DoneSegment> segments = new ArrayList<>();
        if (array == null) {
            return segments;
        }
        for (int i = 0; i < array.size(); i++) {
            String name = "segments[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw JsonFields.badRequest("field '" + name + "' must be an object, found " + JsonFields.kind(item));
            }
            JsonFields segment = fields.nested(name, item);
            segments.add(new DoneSegment(segment.requiredString("text"), segment.requiredNumber("start"),
                    segment.requiredNumber("end"), segment.optionalNumber("score"),
                    segment.optionalString("speaker_id")));
        }
        return segments;
    }

    private static Usage usage(JsonFields usage) throws ProtocolException {
        Double seconds = usage.optionalNumber("prompt_audio_seconds");
        // Rounded up rather than refused: a server that sends 2.99 (Earshot before it followed
        // the SDKs' integer) still reports a usable length to this lenient reader.
        Integer wholeSeconds = seconds == null ? null : Math.toIntExact((long) Math.ceil(seconds));
        return new Usage(usage.optionalInt("prompt_tokens"), usage.optionalInt("completion_tokens"),
                usage.optionalInt("total_tokens"), wholeSeconds, usage.optionalString("service_tier"));
    }

    private ErrorInfo error(JsonFields fields) throws ProtocolException {
        JsonFields error = fields.nested("error", fields.requiredObject("error"));
        JsonNode message = error.requiredStringOrObject("message");
        Object value = message.isTextual() ? message.textValue() : mapper.convertValue(message, Map.class);
        return new ErrorInfo(value, error.requiredInt("code"));
    }
}
