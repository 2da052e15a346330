package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ProtocolCodec#audioBytes}: strict padded base64, size checked before decoding. */
class AudioBytesTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void decodesEveryPaddingLength() throws ProtocolException {
        for (int n = 0; n < 10; n++) {
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) (i * 37 - 100);
            }
            String audio = Base64.getEncoder().encodeToString(bytes);
            assertThat(codec.audioBytes(new ClientEvent.InputAudioAppend(audio), n)).isEqualTo(bytes);
        }
    }

    @Test
    void exactlyTheLimitIsAccepted() throws ProtocolException {
        String audio = Base64.getEncoder().encodeToString(new byte[ProtocolCodec.MAX_AUDIO_CHUNK_BYTES]);
        assertThat(codec.audioBytes(new ClientEvent.InputAudioAppend(audio), ProtocolCodec.MAX_AUDIO_CHUNK_BYTES))
                .hasSize(262_144);
    }

    @Test
    void oneByteOverTheLimitIsTooLarge() {
        String audio = Base64.getEncoder().encodeToString(new byte[262_145]);
        assertRejected(audio, 262_144, ErrorCode.PAYLOAD_TOO_LARGE,
                "audio chunk of 262145 bytes exceeds the limit of 262144 bytes");
    }

    @Test
    void sizeIsCheckedBeforeTheCharactersAreChecked() {
        // Not valid base64 at all, but too large is what it is first: nothing gets decoded.
        assertRejected("****".repeat(1000), 100, ErrorCode.PAYLOAD_TOO_LARGE,
                "audio chunk of 3000 bytes exceeds the limit of 100 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        AAE      | invalid base64 in 'audio': length 3 is not a multiple of 4 (padding with '=' is required)
        AA*=     | invalid base64 in 'audio': character '*' at index 2 (expected the standard alphabet A-Z a-z 0-9 + /)
        AA-_     | invalid base64 in 'audio': character '-' at index 2 (expected the standard alphabet A-Z a-z 0-9 + /)
        'AA\nA' | invalid base64 in 'audio': character U+000A at index 2 (expected the standard alphabet A-Z a-z 0-9 + /)
        A===     | invalid base64 in 'audio': padding '=' before the end at index 1 (expected the standard alphabet A-Z a-z 0-9 + /)
        AA==AAAA | invalid base64 in 'audio': padding '=' before the end at index 2 (expected the standard alphabet A-Z a-z 0-9 + /)
        """)
    void rejectsMalformedBase64(String audio, String message) {
        assertRejected(audio, 1000, ErrorCode.BAD_REQUEST, message);
    }

    private void assertRejected(String audio, int max, ErrorCode code, String message) {
        assertThatThrownBy(() -> codec.audioBytes(new ClientEvent.InputAudioAppend(audio), max))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e).hasMessage(message);
                    assertThat(e.errorCode()).isEqualTo(code);
                });
    }
}
