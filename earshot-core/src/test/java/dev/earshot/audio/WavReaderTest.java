package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WavReaderTest {
  private static final Path LIBRIVOX =
      Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
  private static final Path LJSPEECH = Path.of("/work/shared/eval/fetched/speechbrain_LJ050-0131.wav");

  private static WavAudio read(byte[] file) throws IOException {
    return WavReader.read(new ByteArrayInputStream(file));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /** Format tag and bits per sample that a WAV writer would use for each encoding. */
  private static int[] tagAndBits(AudioEncoding encoding) {
    return switch (encoding) {
      case PCM_S16LE -> new int[] {1, 16};
      case PCM_S32LE -> new int[] {1, 32};
      case PCM_F16LE -> new int[] {3, 16};
      case PCM_F32LE -> new int[] {3, 32};
      case PCM_ALAW -> new int[] {6, 8};
      case PCM_MULAW -> new int[] {7, 8};
    };
  }

  @ParameterizedTest
  @EnumSource(AudioEncoding.class)
  void readsEveryEncodingInMono(AudioEncoding encoding) throws IOException {
    int[] tag = tagAndBits(encoding);
    byte[] data = randomBytes(encoding.bytesPerSample() * 11);
    WavAudio audio = read(new WavBuilder().fmt(tag[0], 1, 22050, tag[1]).data(data).build());

    assertThat(audio.format()).isEqualTo(new AudioFormat(encoding, 22050));
    assertThat(audio.data()).containsExactly(data);
  }

  @ParameterizedTest
  @EnumSource(AudioEncoding.class)
  void readsEveryEncodingAsExtensible(AudioEncoding encoding) throws IOException {
    int[] tag = tagAndBits(encoding);
    byte[] data = randomBytes(encoding.bytesPerSample() * 5);
    WavAudio audio = read(new WavBuilder().extensibleFmt(tag[0], 1, 8000, tag[1]).data(data).build());

    assertThat(audio.format()).isEqualTo(new AudioFormat(encoding, 8000));
    assertThat(audio.data()).containsExactly(data);
  }

  @Test
  void skipsUnknownAndOddSizedChunksInAnyOrder() throws IOException {
    byte[] data = Signals.s16le((short) 1, (short) -2, (short) 3);
    byte[] file = new WavBuilder()
        .chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0".getBytes(StandardCharsets.ISO_8859_1))
        .data(data)
        .chunk("odd ", new byte[] {1, 2, 3})
        .fmt(1, 1, 16000, 16)
        .build();

    WavAudio audio = read(file);
    assertThat(audio.format()).isEqualTo(AudioFormat.DEFAULT);
    assertThat(audio.data()).containsExactly(data);
  }

  @Test
  void ignoresJunkAfterTheChunksItNeeds() throws IOException {
    byte[] file = new WavBuilder().fmt(1, 1, 16000, 16).data(new byte[4]).build();
    byte[] withJunk = new byte[file.length + 5];
    System.arraycopy(file, 0, withJunk, 0, file.length);
    assertThat(read(withJunk).data()).hasSize(4);
  }

  @Test
  void dropsATrailingPartialFrame() throws IOException {
    byte[] data = Signals.s16le((short) 7, (short) 8, (short) 9);
    WavAudio audio = read(new WavBuilder().fmt(1, 2, 16000, 16).data(data).build());
    assertThat(audio.data()).containsExactly(Signals.s16le((short) 8));
  }

  @Test
  void averagesStereoSixteenBit() throws IOException {
    byte[] data = Signals.s16le((short) 100, (short) 300, (short) -1, (short) -4, (short) 32767, (short) 32767,
        (short) -32768, (short) -32768);
    WavAudio audio = read(new WavBuilder().fmt(1, 2, 16000, 16).data(data).build());

    assertThat(audio.format()).isEqualTo(AudioFormat.DEFAULT);
    assertThat(audio.data()).containsExactly(Signals.s16le((short) 200, (short) -2, (short) 32767, (short) -32768));
  }

  @Test
  void averagesThreeChannelsOfThirtyTwoBit() throws IOException {
    byte[] data = Signals.s32le(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 3, 6, 9);
    WavAudio audio = read(new WavBuilder().fmt(1, 3, 48000, 32).data(data).build());

    assertThat(audio.format()).isEqualTo(new AudioFormat(AudioEncoding.PCM_S32LE, 48000));
    assertThat(audio.data()).containsExactly(Signals.s32le(Integer.MAX_VALUE, 6));
  }

  @Test
  void averagesStereoFloats() throws IOException {
    WavAudio f32 = read(new WavBuilder().fmt(3, 2, 16000, 32).data(Signals.f32le(0.5f, -0.25f, 1f, 1f)).build());
    assertThat(f32.data()).containsExactly(Signals.f32le(0.125f, 1f));

    WavAudio f16 = read(new WavBuilder().fmt(3, 2, 16000, 16).data(Signals.f16le(0.5f, 0.25f)).build());
    assertThat(f16.format().encoding()).isEqualTo(AudioEncoding.PCM_F16LE);
    assertThat(f16.data()).containsExactly(Signals.f16le(0.375f));
  }

  @ParameterizedTest
  @CsvSource({"7, 0xFF, 0x00, -16062", "6, 0xD5, 0x55, 0", "6, 0xAA, 0xAA, 32256"})
  void downmixesCompandedStereoToSixteenBit(int tag, String left, String right, int expected) throws IOException {
    byte[] data = {(byte) (int) Integer.decode(left), (byte) (int) Integer.decode(right)};
    WavAudio audio = read(new WavBuilder().fmt(tag, 2, 8000, 8).data(data).build());

    assertThat(audio.format()).isEqualTo(new AudioFormat(AudioEncoding.PCM_S16LE, 8000));
    assertThat(audio.data()).containsExactly(Signals.s16le((short) expected));
  }

  @Test
  void reportsDuration() throws IOException {
    WavAudio audio = read(new WavBuilder().fmt(3, 1, 8000, 32).data(new byte[4 * 2000]).build());
    assertThat(audio.seconds()).isEqualTo(0.25);
  }

  @Test
  void rejectsFilesThatAreNotRiff() {
    byte[] mp3 = "ID3\u0003\0\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> read(mp3))
        .isInstanceOf(IOException.class)
        .hasMessage("not a WAV file: expected 'RIFF' at byte 0, found 0x49443303");
    byte[] text = "RIFX....WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> read(text)).hasMessage("not a WAV file: expected 'RIFF' at byte 0, found 'RIFX'");
  }

  @Test
  void rejectsRiffFormsOtherThanWave() {
    assertThatThrownBy(() -> read(new WavBuilder().form("AVI ").fmt(1, 1, 16000, 16).build()))
        .isInstanceOf(IOException.class)
        .hasMessage("not a WAV file: expected 'WAVE' at byte 8, found 'AVI '");
  }

  @Test
  void rejectsFilesShorterThanTheHeader() {
    assertThatThrownBy(() -> read(new byte[] {'R', 'I', 'F', 'F', 0}))
        .isInstanceOf(IOException.class)
        .hasMessage("not a WAV file: expected a 12-byte RIFF header, found 5 bytes");
  }

  @ParameterizedTest
  @CsvSource({
      "1, 8, 'unsupported WAV PCM sample size 8 bits: expected 16 or 32 (8-bit WAV is unsigned, not supported)'",
      "1, 24, 'unsupported WAV PCM sample size 24 bits: expected 16 or 32'",
      "3, 64, 'unsupported WAV IEEE float sample size 64 bits: expected 16 or 32'",
      "7, 16, 'unsupported WAV mu-law sample size 16 bits: expected 8'",
      "6, 16, 'unsupported WAV A-law sample size 16 bits: expected 8'",
      "85, 16, 'unsupported WAV format tag 0x0055: expected 1 (PCM), 3 (IEEE float), 6 (A-law), 7 (mu-law) "
          + "or 0xFFFE (extensible) with one of those'"})
  void rejectsUnsupportedFormats(int tag, int bits, String message) {
    assertThatThrownBy(() -> read(new WavBuilder().fmt(tag, 1, 16000, bits).data(new byte[24]).build()))
        .isInstanceOf(IOException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsExtensibleWithAnUnknownSubformat() {
    assertThatThrownBy(() -> read(new WavBuilder().extensibleFmt(2, 1, 16000, 16).data(new byte[4]).build()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("unsupported WAV format tag 0x0002: expected 1 (PCM)");
  }

  @ParameterizedTest
  @ValueSource(ints = {4000, 7999, 48001, 96000})
  void rejectsSampleRatesOutOfRange(int rate) {
    assertThatThrownBy(() -> read(new WavBuilder().fmt(1, 1, rate, 16).data(new byte[4]).build()))
        .isInstanceOf(IOException.class)
        .hasMessage("unsupported WAV sample rate " + rate + " Hz: expected 8000 to 48000");
  }

  @Test
  void rejectsATruncatedDataChunk() {
    byte[] file = new WavBuilder().fmt(1, 1, 16000, 16).chunk("data", new byte[10], 1000).build();
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(EOFException.class)
        .hasMessage("truncated WAV file: 'data' chunk at byte 36 declares 1000 bytes, but only 10 follow");
  }

  @Test
  void rejectsMissingChunks() {
    assertThatThrownBy(() -> read(new WavBuilder().data(new byte[4]).build()))
        .isInstanceOf(IOException.class)
        .hasMessage("invalid WAV file: expected 'fmt ' and 'data' chunks, found no 'fmt ' chunk in 24 bytes");
    assertThatThrownBy(() -> read(new WavBuilder().fmt(1, 1, 16000, 16).build()))
        .isInstanceOf(IOException.class)
        .hasMessage("invalid WAV file: expected 'fmt ' and 'data' chunks, found no 'data' chunk in 36 bytes");
  }

  @Test
  void rejectsInconsistentFmtChunks() {
    assertThatThrownBy(() -> read(new WavBuilder().fmt(1, 0, 16000, 16).data(new byte[4]).build()))
        .hasMessage("invalid WAV 'fmt ' chunk: expected at least 1 channel, found 0");
    assertThatThrownBy(() -> read(new WavBuilder().chunk("fmt ", new byte[14]).data(new byte[4]).build()))
        .hasMessage("invalid WAV 'fmt ' chunk: expected at least 16 bytes, found 14");
    byte[] badAlign = new WavBuilder().fmt(1, 2, 16000, 16).data(new byte[4]).build();
    badAlign[32] = 2;
    assertThatThrownBy(() -> read(badAlign))
        .hasMessage("invalid WAV 'fmt ' chunk: expected block align 4 for 2 channel(s) of pcm_s16le, found 2");
    byte[] shortExtensible = new WavBuilder().fmt(0xFFFE, 1, 16000, 16).data(new byte[4]).build();
    assertThatThrownBy(() -> read(shortExtensible))
        .hasMessage("invalid WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk: expected at least 40 bytes, found 16");
  }

  @Test
  void readsARealSixteenKilohertzRecording() throws IOException {
    assumeThat(Files.isReadable(LIBRIVOX)).as("%s present", LIBRIVOX).isTrue();
    WavAudio audio = WavReader.read(LIBRIVOX);

    assertThat(audio.format()).isEqualTo(AudioFormat.DEFAULT);
    assertThat(audio.data()).hasSize(47840 * 2);
    assertThat(audio.seconds()).isEqualTo(2.99);
  }

  @Test
  void readsAndDecodesARealLjSpeechClip() throws IOException {
    assumeThat(Files.isReadable(LJSPEECH)).as("%s present", LJSPEECH).isTrue();
    WavAudio audio = WavReader.read(LJSPEECH);
    // The file's header says 16 kHz s16 mono, 122530 frames (checked with Python's wave module).
    assertThat(audio.format()).isEqualTo(AudioFormat.DEFAULT);
    assertThat(audio.data()).hasSize(122530 * 2);

    AudioDecoder decoder = new AudioDecoder(audio.format());
    short[] out = Signals.concat(decoder.decode(audio.data()), decoder.finish());
    assertThat(out).hasSize(122530);
    assertThat(Signals.s16le(out)).containsExactly(audio.data());
  }
}
