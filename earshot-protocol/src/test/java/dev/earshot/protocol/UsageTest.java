package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code prompt_audio_seconds} is whole seconds, rounded up, as the SDKs parse it. */
class UsageTest {

    @ParameterizedTest(name = "{0} samples at {1} Hz bill {2} s")
    @CsvSource({
        "0, 16000, 0",
        "1, 16000, 1",
        "47840, 16000, 3",     // 2.99 s, the README's recording
        "48000, 16000, 3",     // exactly 3 s
        "48001, 16000, 4",
        "352800, 44100, 8",
        "352801, 44100, 9",
    })
    void roundsUpToWholeSeconds(long samples, int rate, int seconds) {
        assertThat(Usage.ofAudio(samples, rate)).isEqualTo(new Usage(null, null, null, seconds, null));
    }

    @Test
    void refusesImpossibleInput() {
        assertThatThrownBy(() -> Usage.ofAudio(-1, 16000)).hasMessage(
                "expected samples >= 0 and sampleRate >= 1, was -1 samples at 16000 Hz");
        assertThatThrownBy(() -> Usage.ofAudio(1, 0)).hasMessage(
                "expected samples >= 0 and sampleRate >= 1, was 1 samples at 0 Hz");
        assertThatThrownBy(() -> new Usage(-2, null, null, null, null)).hasMessage(
                "promptTokens must be at least 0, was -2");
    }
}
