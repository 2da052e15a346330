package dev.earshot.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a parsed client message into a {@link ClientEvent}, strictly: see {@link ProtocolCodec#decodeClient}. */
final class ClientEventReader {

    static final String KNOWN_TYPES = String.join(", ", ClientEvent.SessionUpdate.TYPE,
            ClientEvent.InputAudioAppend.TYPE, ClientEvent.InputAudioFlush.TYPE,
            ClientEvent.InputAudioEnd.TYPE);

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
        return new ClientEvent.SessionUpdate(new SessionConfig(audioFormat, delay));
    }

    /** Shared with {@link ServerEventReader}: the audio format has one shape both ways. */
    static AudioFormatSpec audioFormat(JsonFields format) throws ProtocolException {
        return new AudioFormatSpec(format.requiredString("encoding"), format.requiredInt("sample_rate"));
    }
}
