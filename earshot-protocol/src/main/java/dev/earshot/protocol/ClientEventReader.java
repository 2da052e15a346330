package dev.earshot.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Turns a parsed client message into a {@link ClientEvent}, strictly: see {@link ProtocolCodec#readClientEvent}. */
final class ClientEventReader {

    static final String KNOWN_TYPES = String.join(", ", ClientEvent.SessionUpdate.TYPE,
            ClientEvent.InputAudioAppend.TYPE, ClientEvent.InputAudioFlush.TYPE,
            ClientEvent.InputAudioEnd.TYPE);

    /** The one sub-field of {@code turn_detection} Earshot knows; see {@link TurnDetection}. */
    static final String SILENCE_DURATION_MS = "silence_duration_ms";

    private ClientEventReader() {
    }

    static ClientEvent read(JsonNode message) throws ProtocolException {
        if (!message.isObject()) {
            throw JsonFields.badRequest("expected a JSON object, found " + JsonFields.kind(message));
        }
        JsonFields fields = JsonFields.of(message);
        String type = fields.requiredString("type");
        return switch (type) {
            case ClientEvent.SessionUpdate.TYPE -> sessionUpdate(fields);
            case ClientEvent.InputAudioAppend.TYPE ->
                    new ClientEvent.InputAudioAppend(fields.requiredString("audio"));
            case ClientEvent.InputAudioFlush.TYPE -> new ClientEvent.InputAudioFlush();
            case ClientEvent.InputAudioEnd.TYPE -> new ClientEvent.InputAudioEnd();
            default -> throw JsonFields.badRequest("unknown message type '" + JsonFields.quote(type)
                    + "': expected one of " + KNOWN_TYPES);
        };
    }

    private static ClientEvent sessionUpdate(JsonFields fields) throws ProtocolException {
        JsonFields session = fields.nested("session", fields.requiredObject("session"));
        JsonNode format = session.optionalObject("audio_format");
        AudioFormatSpec audioFormat = format == null ? null : audioFormat(session.nested("audio_format", format));
        Integer delay = session.optionalInt("target_streaming_delay_ms");
        JsonNode turns = session.optionalObject("turn_detection");
        TurnDetection turnDetection = turns == null ? null : turnDetection(session.nested("turn_detection", turns), turns);
        return new ClientEvent.SessionUpdate(new SessionConfig(audioFormat, delay, session.optionalString("language"),
                contextBias(session), turnDetection, session.optionalBoolean("diarize")));
    }

    /** A string is a description of the recording, an array a list of key phrases. */
    private static ContextBias contextBias(JsonFields session) throws ProtocolException {
        JsonNode bias = session.optionalStringOrArray("context_bias");
        if (bias == null) {
            return null;
        }
        if (bias.isTextual()) {
            return new ContextBias.Description(bias.textValue());
        }
        List<String> phrases = new ArrayList<>(bias.size());
        for (int i = 0; i < bias.size(); i++) {
            JsonNode phrase = bias.get(i);
            if (!phrase.isTextual()) {
                throw JsonFields.badRequest("field 'session.context_bias[" + i + "]' must be a string, found "
                        + JsonFields.kind(phrase));
            }
            phrases.add(phrase.textValue());
        }
        return new ContextBias.Phrases(phrases);
    }

    /** Refuses a sub-field it does not know: a turn setting silently ignored would be a lie. */
    private static TurnDetection turnDetection(JsonFields fields, JsonNode object) throws ProtocolException {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SILENCE_DURATION_MS.equals(name)) {
                throw JsonFields.badRequest("field 'session.turn_detection." + JsonFields.quote(name)
                        + "' is not supported: expected only " + SILENCE_DURATION_MS);
            }
        }
        return new TurnDetection(fields.optionalInt(SILENCE_DURATION_MS));
    }

    /** Shared with {@link ServerEventReader}: the audio format has one shape both ways. */
    static AudioFormatSpec audioFormat(JsonFields format) throws ProtocolException {
        return new AudioFormatSpec(format.requiredString("encoding"), format.requiredInt("sample_rate"));
    }
}
