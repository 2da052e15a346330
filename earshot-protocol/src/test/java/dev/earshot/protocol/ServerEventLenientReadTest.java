package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ProtocolCodec#readServerEvent} never throws and keeps what it cannot read. */
class ServerEventLenientReadTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void unknownTypeKeepsTypeAndText() {
        String json = "{\"type\":\"transcription.new_thing\",\"a\":[1,2]}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.UnknownEvent("transcription.new_thing", json));
    }

    @Test
    void extraFieldsAreIgnored() {
        String json = "{\"type\":\"transcription.text.delta\",\"text\":\"a\",\"new\":{\"x\":1},\"n\":null}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.TextDelta("a"));
    }

    @Test
    void knownTypeFailingItsSchemaIsUnknownWithItsType() {
        String json = "{\"type\":\"transcription.segment\",\"text\":\"a\",\"start\":\"zero\",\"end\":1}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.UnknownEvent("transcription.segment", json));
    }

    @Test
    void doneWithoutOptionalPartsReadsWithDefaults() {
        String json = "{\"type\":\"transcription.done\",\"model\":\"m\",\"text\":\"t\"}";
        assertThat(codec.readServerEvent(json))
                .isEqualTo(new ServerEvent.TranscriptionDone("m", "t", null, Usage.EMPTY, null));
    }

    @Test
    void fractionalAudioSecondsOfAnOlderServerRoundUp() {
        String json = "{\"type\":\"transcription.done\",\"model\":\"m\",\"text\":\"t\","
                + "\"usage\":{\"prompt_audio_seconds\":2.99,\"service_tier\":\"priority\"},\"language\":\"en\"}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.TranscriptionDone("m", "t", null,
                new Usage(null, null, null, 3, "priority"), "en"));
    }

    @Test
    void sessionWithoutDelayReadsAsNullDelay() {
        String json = "{\"type\":\"session.created\",\"session\":{\"request_id\":\"r\",\"model\":\"m\","
                + "\"audio_format\":{\"encoding\":\"pcm_s16le\",\"sample_rate\":16000}}}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.SessionCreated(
                new SessionInfo("r", "m", new AudioFormatSpec("pcm_s16le", 16000), null)));
    }

    @Test
    void errorMessageObjectBecomesMap() {
        String json = "{\"type\":\"error\",\"error\":{\"message\":{\"detail\":\"x\"},\"code\":1002}}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.ErrorEvent(new ErrorInfo(Map.of("detail", "x"), 1002)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[1,2]", "42", "null", "{\"type\":7}", "{}",
        "{\"type\":\"error\"}", "{\"type\":\"error\",\"error\":{\"message\":true,\"code\":1}}",
        "{\"type\":\"transcription.segment\",\"text\":\"a\",\"start\":1e999,\"end\":1}",
        "{\"type\":\"transcription.done\",\"model\":\"m\",\"text\":\"t\",\"segments\":[1]}",
        "{\"type\":\"transcription.done\",\"model\":\"m\",\"text\":\"t\",\"usage\":{\"prompt_audio_seconds\":-1}}",
        "{\"type\":\"transcription.done\",\"model\":\"m\",\"text\":\"t\",\"usage\":{\"prompt_audio_seconds\":1e300}}",
        "{\"type\":\"transcription.text.delta\",\"text\":\"a\"", "{\"type\":\"session.created\",\"session\":null}"})
    void garbageIsUnknownNeverAnException(String json) {
        assertThat(codec.readServerEvent(json)).isInstanceOf(ServerEvent.UnknownEvent.class)
                .extracting(ServerEvent.UnknownEvent.class::cast)
                .satisfies(e -> assertThat(e.rawJson()).isEqualTo(json));
    }

    @Test
    void deepNestingIsUnknownNotStackOverflow() {
        String json = "{\"type\":\"x\",\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(codec.readServerEvent(json)).isInstanceOf(ServerEvent.UnknownEvent.class);
    }

    @Test
    void longTranscriptAboveTheClientMessageStringLimitIsRead() {
        String text = "a".repeat(1_000_000);
        String json = "{\"type\":\"transcription.text.delta\",\"text\":\"" + text + "\"}";
        assertThat(codec.readServerEvent(json)).isEqualTo(new ServerEvent.TextDelta(text));
    }
}
