package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact JSON of every server event, and that the client decoder reads each back. */
class ServerEventCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    private static final SessionInfo SESSION =
            new SessionInfo("req-1", "voxtral", new AudioFormatSpec("pcm_s16le", 16000), 480);

    @Test
    void sessionCreated() {
        assertExactRoundTrip(new ServerEvent.SessionCreated(SESSION),
                "{\"type\":\"session.created\",\"session\":{\"request_id\":\"req-1\",\"model\":\"voxtral\","
                + "\"audio_format\":{\"encoding\":\"pcm_s16le\",\"sample_rate\":16000},"
                + "\"target_streaming_delay_ms\":480}}");
    }

    @Test
    void sessionUpdatedWritesNullDelayExplicitly() {
        SessionInfo session = new SessionInfo("r", "m", new AudioFormatSpec("pcm_f32le", 48000), null);
        assertExactRoundTrip(new ServerEvent.SessionUpdated(session),
                "{\"type\":\"session.updated\",\"session\":{\"request_id\":\"r\",\"model\":\"m\","
                + "\"audio_format\":{\"encoding\":\"pcm_f32le\",\"sample_rate\":48000},"
                + "\"target_streaming_delay_ms\":null}}");
    }

    @Test
    void textDelta() {
        assertExactRoundTrip(new ServerEvent.TextDelta(" héllo \"x\""),
                "{\"type\":\"transcription.text.delta\",\"text\":\" héllo \\\"x\\\"\"}");
    }

    @Test
    void segmentOmitsNullSpeaker() {
        assertExactRoundTrip(new ServerEvent.Segment("hi", 0.5, 1.25, null),
                "{\"type\":\"transcription.segment\",\"text\":\"hi\",\"start\":0.5,\"end\":1.25}");
        assertExactRoundTrip(new ServerEvent.Segment("hi", 0.0, 1.0, "s1"),
                "{\"type\":\"transcription.segment\",\"text\":\"hi\",\"start\":0.0,\"end\":1.0,\"speaker_id\":\"s1\"}");
    }

    @Test
    void languageDetected() {
        assertExactRoundTrip(new ServerEvent.LanguageDetected("en"),
                "{\"type\":\"transcription.language\",\"audio_language\":\"en\"}");
    }

    @Test
    void transcriptionDoneFull() {
        var done = new ServerEvent.TranscriptionDone("voxtral", "hello world",
                List.of(new DoneSegment("hello", 0.0, 0.5, 0.9, "s1"), new DoneSegment("world", 0.5, 1.0, null, null)),
                new Usage(10, 2, 12, 2, "standard"), "en");
        assertExactRoundTrip(done, "{\"type\":\"transcription.done\",\"model\":\"voxtral\",\"text\":\"hello world\","
                + "\"segments\":[{\"type\":\"transcription_segment\",\"text\":\"hello\",\"start\":0.0,\"end\":0.5,"
                + "\"score\":0.9,\"speaker_id\":\"s1\"},"
                + "{\"type\":\"transcription_segment\",\"text\":\"world\",\"start\":0.5,\"end\":1.0}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12,"
                + "\"prompt_audio_seconds\":2,\"service_tier\":\"standard\"},\"language\":\"en\"}");
    }

    @Test
    void transcriptionDoneMinimalWritesNullLanguage() {
        var done = new ServerEvent.TranscriptionDone("m", "", null, null, null);
        assertExactRoundTrip(done, "{\"type\":\"transcription.done\",\"model\":\"m\",\"text\":\"\","
                + "\"segments\":[],\"usage\":{\"service_tier\":null},\"language\":null}");
    }

    @Test
    void errorWithTextMessage() {
        assertExactRoundTrip(ServerEvent.ErrorEvent.of(ErrorCode.NOT_FOUND, "unknown model 'x'"),
                "{\"type\":\"error\",\"error\":{\"message\":\"unknown model 'x'\",\"code\":404}}");
    }

    @Test
    void errorWithObjectMessage() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("detail", "bad");
        detail.put("loc", List.of("body", 1));
        assertExactRoundTrip(new ServerEvent.ErrorEvent(new ErrorInfo(detail, 422)),
                "{\"type\":\"error\",\"error\":{\"message\":{\"detail\":\"bad\",\"loc\":[\"body\",1]},\"code\":422}}");
    }

    @Test
    void unknownEventEncodesAsReceived() {
        String raw = "{\"type\":\"future.thing\",\"x\":1}";
        assertThat(codec.encode(new ServerEvent.UnknownEvent("future.thing", raw))).isEqualTo(raw);
    }

    @Test
    void protocolExceptionBecomesErrorEvent() {
        var event = new ProtocolException(ErrorCode.CONFLICT, "too late").toErrorEvent();
        assertThat(codec.encode(event)).isEqualTo("{\"type\":\"error\",\"error\":{\"message\":\"too late\",\"code\":409}}");
    }

    @Test
    void errorCodesAreTheHttpLikeNumbers() {
        assertThat(ErrorCode.values()).extracting(ErrorCode::code)
                .containsExactly(400, 401, 404, 409, 413, 429, 500, 503);
    }

    private void assertExactRoundTrip(ServerEvent event, String json) {
        assertThat(codec.encode(event)).isEqualTo(json);
        assertThat(codec.readServerEvent(json)).isEqualTo(event);
    }
}
