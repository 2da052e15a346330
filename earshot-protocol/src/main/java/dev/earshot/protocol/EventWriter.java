package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes events as JSON with a streaming generator, so field order and nulls are exactly as
 * the protocol has them: optional fields are omitted when null, except the three the protocol
 * types as "or null" ({@code target_streaming_delay_ms} of a session, {@code language} of
 * done, {@code service_tier} of usage), which are written as explicit {@code null}. Segment
 * {@code start} and {@code end} are always written: the TypeScript SDK requires both keys.
 */
final class EventWriter {

    private final ObjectMapper mapper;

    EventWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(ServerEvent event) {
        if (event instanceof ServerEvent.UnknownEvent unknown) {
            return unknown.rawJson();
        }
        return generate(g -> {
            g.writeStringField("type", event.type());
            switch (event) {
                case ServerEvent.SessionCreated e -> writeSession(g, e.session());
                case ServerEvent.SessionUpdated e -> writeSession(g, e.session());
                case ServerEvent.TextDelta e -> g.writeStringField("text", e.text());
                case ServerEvent.Segment e -> writeSegment(g, e);
                case ServerEvent.LanguageDetected e -> g.writeStringField("audio_language", e.audioLanguage());
                case ServerEvent.TranscriptionDone e -> writeDone(g, e);
                case ServerEvent.ErrorEvent e -> writeError(g, e.error());
                case ServerEvent.UnknownEvent e -> throw new AssertionError("handled above");
            }
        });
    }

    /** The done event's fields without its {@code type}: a batch transcription's response. */
    String writeResponse(ServerEvent.TranscriptionDone done) {
        return generate(g -> writeDone(g, done));
    }

    String write(ClientEvent event) {
        return generate(g -> {
            g.writeStringField("type", event.type());
            switch (event) {
                case ClientEvent.SessionUpdate e -> writeSessionConfig(g, e.session());
                case ClientEvent.InputAudioAppend e -> g.writeStringField("audio", e.audio());
                case ClientEvent.InputAudioFlush e -> { }
                case ClientEvent.InputAudioEnd e -> { }
            }
        });
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private String generate(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; only a bug in the records could get here.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeSession(JsonGenerator g, SessionInfo session) throws IOException {
        g.writeObjectFieldStart("session");
        g.writeStringField("request_id", session.requestId());
        g.writeStringField("model", session.model());
        writeAudioFormat(g, session.audioFormat());
        writeNullableInt(g, "target_streaming_delay_ms", session.targetStreamingDelayMs());
        g.writeEndObject();
    }

    private static void writeSessionConfig(JsonGenerator g, SessionConfig session) throws IOException {
        g.writeObjectFieldStart("session");
        if (session.audioFormat() != null) {
            writeAudioFormat(g, session.audioFormat());
        }
        if (session.targetStreamingDelayMs() != null) {
            g.writeNumberField("target_streaming_delay_ms", session.targetStreamingDelayMs());
        }
        writeIfPresent(g, "language", session.language());
        switch (session.contextBias()) {
            case null -> { }
            case ContextBias.Description d -> g.writeStringField("context_bias", d.text());
            case ContextBias.Phrases p -> {
                g.writeArrayFieldStart("context_bias");
                for (String phrase : p.phrases()) {
                    g.writeString(phrase);
                }
                g.writeEndArray();
            }
        }
        if (session.turnDetection() != null) {
            g.writeObjectFieldStart("turn_detection");
            if (session.turnDetection().silenceDurationMs() != null) {
                g.writeNumberField(ClientEventReader.SILENCE_DURATION_MS, session.turnDetection().silenceDurationMs());
            }
            g.writeEndObject();
        }
        if (session.diarize() != null) {
            g.writeBooleanField("diarize", session.diarize());
        }
        g.writeEndObject();
    }

    private static void writeAudioFormat(JsonGenerator g, AudioFormatSpec format) throws IOException {
        g.writeObjectFieldStart("audio_format");
        g.writeStringField("encoding", format.encoding());
        g.writeNumberField("sample_rate", format.sampleRate());
        g.writeEndObject();
    }

    private static void writeSegment(JsonGenerator g, ServerEvent.Segment e) throws IOException {
        g.writeStringField("text", e.text());
        g.writeNumberField("start", e.start());
        g.writeNumberField("end", e.end());
        writeIfPresent(g, "speaker_id", e.speakerId());
    }

    private static void writeDone(JsonGenerator g, ServerEvent.TranscriptionDone e) throws IOException {
        g.writeStringField("model", e.model());
        g.writeStringField("text", e.text());
        g.writeArrayFieldStart("segments");
        for (DoneSegment s : e.segments()) {
            g.writeStartObject();
            // Mistral's service tags each segment; the SDKs accept it with or without.
            g.writeStringField("type", "transcription_segment");
            g.writeStringField("text", s.text());
            g.writeNumberField("start", s.start());
            g.writeNumberField("end", s.end());
            if (s.score() != null) {
                g.writeNumberField("score", s.score());
            }
            writeIfPresent(g, "speaker_id", s.speakerId());
            g.writeEndObject();
        }
        g.writeEndArray();
        writeUsage(g, e.usage());
        g.writeFieldName("language");
        g.writeString(e.language()); // writes null for a null language, as the protocol wants
    }

    private static void writeUsage(JsonGenerator g, Usage usage) throws IOException {
        g.writeObjectFieldStart("usage");
        if (usage.promptTokens() != null) {
            g.writeNumberField("prompt_tokens", usage.promptTokens());
        }
        if (usage.completionTokens() != null) {
            g.writeNumberField("completion_tokens", usage.completionTokens());
        }
        if (usage.totalTokens() != null) {
            g.writeNumberField("total_tokens", usage.totalTokens());
        }
        if (usage.promptAudioSeconds() != null) {
            g.writeNumberField("prompt_audio_seconds", usage.promptAudioSeconds());
        }
        g.writeFieldName("service_tier");
        g.writeString(usage.serviceTier()); // writes null for a null tier: the SDKs type it "or null"
        g.writeEndObject();
    }

    private static void writeError(JsonGenerator g, ErrorInfo error) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeFieldName("message");
        g.writeObject(error.message()); // a String, or a Map that Jackson writes as an object
        g.writeNumberField("code", error.code());
        g.writeEndObject();
    }

    private static void writeNullableInt(JsonGenerator g, String name, Integer value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
