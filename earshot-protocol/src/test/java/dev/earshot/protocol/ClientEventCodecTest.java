package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client events both ways, and every rejection of {@link ProtocolCodec#readClientEvent}, word for word. */
class ClientEventCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void sessionUpdateWithBoth() throws ProtocolException {
        assertExactRoundTrip(new ClientEvent.SessionUpdate(
                        new SessionConfig(new AudioFormatSpec("pcm_s16le", 8000), 240)),
                "{\"type\":\"session.update\",\"session\":{\"audio_format\":{\"encoding\":\"pcm_s16le\","
                + "\"sample_rate\":8000},\"target_streaming_delay_ms\":240}}");
    }

    @Test
    void sessionUpdateOmitsNulls() throws ProtocolException {
        assertExactRoundTrip(new ClientEvent.SessionUpdate(new SessionConfig(null, 100)),
                "{\"type\":\"session.update\",\"session\":{\"target_streaming_delay_ms\":100}}");
        assertExactRoundTrip(new ClientEvent.SessionUpdate(new SessionConfig(null, null)),
                "{\"type\":\"session.update\",\"session\":{}}");
    }

    @Test
    void sessionUpdateWithVoxtral3Fields() throws ProtocolException {
        assertExactRoundTrip(new ClientEvent.SessionUpdate(new SessionConfig(null, null, "fr",
                        new ContextBias.Phrases(List.of("Marianne Dashwood", "Norland")), new TurnDetection(800), false)),
                "{\"type\":\"session.update\",\"session\":{\"language\":\"fr\","
                + "\"context_bias\":[\"Marianne Dashwood\",\"Norland\"],"
                + "\"turn_detection\":{\"silence_duration_ms\":800},\"diarize\":false}}");
        assertExactRoundTrip(new ClientEvent.SessionUpdate(new SessionConfig(null, null, null,
                        new ContextBias.Description("a lecture on Jane Austen"), TurnDetection.DEFAULTS, null)),
                "{\"type\":\"session.update\",\"session\":{\"context_bias\":\"a lecture on Jane Austen\","
                + "\"turn_detection\":{}}}");
    }

    @Test
    void audioEvents() throws ProtocolException {
        assertExactRoundTrip(new ClientEvent.InputAudioAppend("AAEC"),
                "{\"type\":\"input_audio.append\",\"audio\":\"AAEC\"}");
        assertExactRoundTrip(new ClientEvent.InputAudioFlush(), "{\"type\":\"input_audio.flush\"}");
        assertExactRoundTrip(new ClientEvent.InputAudioEnd(), "{\"type\":\"input_audio.end\"}");
    }

    @Test
    void unknownFieldsAndNullOptionalsAreIgnored() throws ProtocolException {
        assertThat(codec.readClientEvent("{\"event_id\":\"e1\",\"type\":\"session.update\",\"session\":"
                + "{\"audio_format\":null,\"target_streaming_delay_ms\":null,\"language\":null,"
                + "\"context_bias\":null,\"turn_detection\":null,\"diarize\":null,\"vad\":1}}"))
                .isEqualTo(new ClientEvent.SessionUpdate(new SessionConfig(null, null)));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        `[]`                                            | expected a JSON object, found array
        `"x"`                                           | expected a JSON object, found string
        `null`                                          | expected a JSON object, found null
        `{}`                                            | missing field 'type'
        `{"type":1}`                                    | field 'type' must be a string, found number
        `{"type":null}`                                 | field 'type' must be a string, found null
        `{"type":"foo"}`                                | unknown message type 'foo': expected one of session.update, input_audio.append, input_audio.flush, input_audio.end
        `{"type":"input_audio.append"}`                 | missing field 'audio'
        `{"type":"input_audio.append","audio":5}`       | field 'audio' must be a string, found number
        `{"type":"input_audio.append","audio":null}`    | field 'audio' must be a string, found null
        `{"type":"session.update"}`                     | missing field 'session'
        `{"type":"session.update","session":[]}`        | field 'session' must be an object, found array
        `{"type":"session.update","session":{"target_streaming_delay_ms":"5"}}`   | field 'session.target_streaming_delay_ms' must be an integer, found string
        `{"type":"session.update","session":{"target_streaming_delay_ms":1.5}}`   | field 'session.target_streaming_delay_ms' must be an integer, found number 1.5
        `{"type":"session.update","session":{"target_streaming_delay_ms":3000000000}}` | field 'session.target_streaming_delay_ms' must be an integer, found number 3000000000
        `{"type":"session.update","session":{"audio_format":"pcm"}}`              | field 'session.audio_format' must be an object, found string
        `{"type":"session.update","session":{"audio_format":{"sample_rate":8000}}}` | missing field 'session.audio_format.encoding'
        `{"type":"session.update","session":{"audio_format":{"encoding":"pcm_s16le"}}}` | missing field 'session.audio_format.sample_rate'
        `{"type":"session.update","session":{"audio_format":{"encoding":true,"sample_rate":8000}}}` | field 'session.audio_format.encoding' must be a string, found boolean
        `{"type":"session.update","session":{"audio_format":{"encoding":"x","sample_rate":"8000"}}}` | field 'session.audio_format.sample_rate' must be an integer, found string
        `{"type":"session.update","session":{"language":5}}`                      | field 'session.language' must be a string, found number
        `{"type":"session.update","session":{"diarize":"yes"}}`                   | field 'session.diarize' must be a boolean, found string
        `{"type":"session.update","session":{"context_bias":{"a":1}}}`           | field 'session.context_bias' must be a string or an array, found object
        `{"type":"session.update","session":{"context_bias":["a",2]}}`           | field 'session.context_bias[1]' must be a string, found number
        `{"type":"session.update","session":{"turn_detection":true}}`            | field 'session.turn_detection' must be an object, found boolean
        `{"type":"session.update","session":{"turn_detection":{"threshold":0.5}}}` | field 'session.turn_detection.threshold' is not supported: expected only silence_duration_ms
        `{"type":"session.update","session":{"turn_detection":{"silence_duration_ms":"1s"}}}` | field 'session.turn_detection.silence_duration_ms' must be an integer, found string
        ``                                              | malformed JSON: empty message
        `{"type":"input_audio.end"} {}`                 | malformed JSON: unexpected content after the end of the object
        `{"type":"input_audio.end","type":"input_audio.flush"}` | malformed JSON: Duplicate field 'type' at line 1, column 33
        `{"type":"input_audio.end"`                     | malformed JSON: Unexpected end-of-input: expected close marker for Object at line 1, column 26
        `{type:1}`                                      | malformed JSON: Unexpected character ('t' (code 116)): was expecting double-quote to start field name at line 1, column 2
        """)
    void rejectsWithExactMessage(String json, String message) {
        assertBadRequest(json == null ? "" : json, message);
    }

    @Test
    void unknownTypeIsQuotedShort() {
        String type = "t".repeat(1000);
        assertBadRequest("{\"type\":\"" + type + "\"}", "unknown message type '" + "t".repeat(64)
                + "...': expected one of session.update, input_audio.append, input_audio.flush, input_audio.end");
    }

    @Test
    void deepNestingFailsFastWithClearMessage() {
        String json = "{\"type\":\"input_audio.end\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertBadRequest(json, "JSON nested deeper than 64 levels");
    }

    @Test
    void nestingJustUnderTheLimitIsAccepted() throws ProtocolException {
        String json = "{\"type\":\"input_audio.end\",\"x\":" + "[".repeat(63) + "]".repeat(63) + "}";
        assertThat(codec.readClientEvent(json)).isEqualTo(new ClientEvent.InputAudioEnd());
    }

    @Test
    void hugeStringFailsFastWithClearMessage() {
        String json = "{\"type\":\"input_audio.append\",\"audio\":\"" + "A".repeat(10_000_000) + "\"}";
        long start = System.nanoTime();
        assertBadRequest(json, "JSON string longer than 400000 characters");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void largestLegalAppendIsAccepted() throws ProtocolException {
        String audio = "A".repeat(349_528);
        assertThat(codec.readClientEvent("{\"type\":\"input_audio.append\",\"audio\":\"" + audio + "\"}"))
                .isEqualTo(new ClientEvent.InputAudioAppend(audio));
    }

    private void assertBadRequest(String json, String message) {
        assertThatThrownBy(() -> codec.readClientEvent(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e).hasMessage(message);
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
                });
    }

    private void assertExactRoundTrip(ClientEvent event, String json) throws ProtocolException {
        assertThat(codec.encode(event)).isEqualTo(json);
        assertThat(codec.readClientEvent(json)).isEqualTo(event);
    }
}
