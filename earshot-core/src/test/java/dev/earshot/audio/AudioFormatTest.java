package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioFormatTest {
  private static final String EXPECTED_NAMES =
      "pcm_s16le, pcm_s32le, pcm_f16le, pcm_f32le, pcm_mulaw, pcm_alaw";

  @Test
  void wireNamesAndSampleSizesMatchTheProtocol() {
    assertThat(AudioEncoding.values()).extracting(AudioEncoding::wireName)
        .containsExactly("pcm_s16le", "pcm_s32le", "pcm_f16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw");
    assertThat(AudioEncoding.values()).extracting(AudioEncoding::bytesPerSample)
        .containsExactly(2, 4, 2, 4, 1, 1);
  }

  @ParameterizedTest
  @EnumSource(AudioEncoding.class)
  void wireNamesRoundTrip(AudioEncoding encoding) {
    assertThat(AudioEncoding.fromWireName(encoding.wireName())).isSameAs(encoding);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "PCM_S16LE", "pcm_s24le", ""})
  void unknownWireNamesListTheAcceptedOnes(String name) {
    assertThatThrownBy(() -> AudioEncoding.fromWireName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown audio encoding '" + name + "': expected one of " + EXPECTED_NAMES);
  }

  @Test
  void nullWireNameIsRejected() {
    assertThatThrownBy(() -> AudioEncoding.fromWireName(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void defaultIsSixteenBitAtSixteenKilohertz() {
    assertThat(AudioFormat.DEFAULT).isEqualTo(new AudioFormat(AudioEncoding.PCM_S16LE, 16000));
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 12345, 48000})
  void acceptsRatesInRange(int rate) {
    assertThat(new AudioFormat(AudioEncoding.PCM_F32LE, rate).sampleRate()).isEqualTo(rate);
  }

  @ParameterizedTest
  @ValueSource(ints = {5000, 7999, 48001, 96000, 0, -16000})
  void rejectsRatesOutOfRange(int rate) {
    assertThatThrownBy(() -> new AudioFormat(AudioEncoding.PCM_S16LE, rate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample rate " + rate + " Hz out of range: expected 8000 to 48000");
  }

  @Test
  void rejectsNullEncoding() {
    assertThatThrownBy(() -> new AudioFormat(null, 16000)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void wavAudioIsCutInWholeSampleChunksThatAddUpToIt() {
    AudioFormat format = new AudioFormat(AudioEncoding.PCM_S16LE, 16000);
    assertThat(format.bytesPerSecond()).isEqualTo(32000);
    WavAudio audio = new WavAudio(format, new byte[32000 + 3202]);
    assertThat(audio.chunks(100)).extracting(c -> c.length)
        .containsExactly(3200, 3200, 3200, 3200, 3200, 3200, 3200, 3200, 3200, 3200, 3200, 2);
    WavAudio odd = new WavAudio(new AudioFormat(AudioEncoding.PCM_F32LE, 44100), new byte[4 * 441 * 2]);
    assertThat(odd.chunks(3)).extracting(c -> c.length).containsExactly(528, 528, 528, 528, 528, 528, 360);
    assertThatThrownBy(() -> audio.chunks(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk of 0 ms: expected a positive length");
  }
}
