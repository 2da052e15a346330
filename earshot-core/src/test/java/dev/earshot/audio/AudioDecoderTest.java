package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioDecoderTest {
  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static short[] decodeInChunks(AudioDecoder decoder, byte[] stream, int[] chunkSizes) {
    short[] out = new short[0];
    int start = 0;
    for (int i = 0; start < stream.length; i++) {
      int length = Math.min(chunkSizes[i % chunkSizes.length], stream.length - start);
      out = Signals.concat(out, decoder.decode(Arrays.copyOfRange(stream, start, start + length)));
      start += length;
    }
    return Signals.concat(out, decoder.finish());
  }

  @ParameterizedTest
  @EnumSource(AudioEncoding.class)
  void identityRateDecodesEachSampleWithTheCodec(AudioEncoding encoding) {
    byte[] stream = randomBytes(encoding.bytesPerSample() * 500, encoding.ordinal());
    short[] expected = new short[500];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = SampleCodec.toPcm16(encoding, stream, i * encoding.bytesPerSample());
    }
    AudioDecoder decoder = new AudioDecoder(new AudioFormat(encoding, 16000));
    assertThat(Signals.concat(decoder.decode(stream), decoder.finish())).containsExactly(expected);
    assertThat(decoder.samplesOut()).isEqualTo(500);
  }

  @ParameterizedTest
  @EnumSource(AudioEncoding.class)
  void partialSamplesAreCarriedAcrossOneByteChunks(AudioEncoding encoding) {
    byte[] stream = randomBytes(encoding.bytesPerSample() * 300, 7);
    short[] whole = new AudioDecoder(new AudioFormat(encoding, 16000)).decode(stream);

    AudioDecoder decoder = new AudioDecoder(new AudioFormat(encoding, 16000));
    short[] out = new short[0];
    for (int i = 0; i < stream.length; i++) {
      out = Signals.concat(out, decoder.decode(new byte[] {stream[i]}));
      assertThat(decoder.pendingBytes()).isEqualTo((i + 1) % encoding.bytesPerSample());
    }
    assertThat(out).containsExactly(whole);
  }

  @ParameterizedTest
  @EnumSource(AudioEncoding.class)
  void resampledOutputDoesNotDependOnChunking(AudioEncoding encoding) {
    AudioFormat format = new AudioFormat(encoding, 44100);
    byte[] stream = randomBytes(encoding.bytesPerSample() * 4410, 11);
    short[] whole = decodeInChunks(new AudioDecoder(format), stream, new int[] {stream.length});

    assertThat(decodeInChunks(new AudioDecoder(format), stream, new int[] {1})).containsExactly(whole);
    assertThat(decodeInChunks(new AudioDecoder(format), stream, new int[] {3, 0, 7, 1, 250, 2, 5}))
        .containsExactly(whole);
    assertThat(whole).hasSize(1600);
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 22050, 48000})
  void resamplesToSixteenKilohertzKeepingTheTone(int rate) {
    float[] tone = Signals.sine(rate, 1000, 0.5, rate / 2);
    AudioDecoder decoder = new AudioDecoder(new AudioFormat(AudioEncoding.PCM_F32LE, rate));
    short[] out = Signals.concat(decoder.decode(Signals.f32le(tone)), decoder.finish());

    assertThat(out).hasSize(8000);
    assertThat(decoder.samplesOut()).isEqualTo(8000);
    float[] scaled = Signals.toFloat(out);
    assertThat(Signals.zeroCrossingFrequency(scaled, 16000, 800, 7200)).isCloseTo(1000, within(0.5));
    double levelDb = Signals.decibels(Signals.rms(scaled, 800, 7200) / (0.5 / Math.sqrt(2)));
    assertThat(levelDb).isCloseTo(0, within(0.5));
  }

  @Test
  void fullScaleOvershootSaturatesInsteadOfWrapping() {
    // A full-scale square wave rings past full scale after low-pass filtering (Gibbs).
    short[] square = new short[4800];
    for (int i = 0; i < square.length; i++) {
      square[i] = (i / 240) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
    }
    AudioDecoder decoder = new AudioDecoder(new AudioFormat(AudioEncoding.PCM_S16LE, 48000));
    short[] out = Signals.concat(decoder.decode(Signals.s16le(square)), decoder.finish());
    Resampler resampler = new Resampler(48000, 16000);
    float[] reference = Signals.concat(resampler.process(Signals.toFloat(square)), resampler.finish());

    assertThat(out).hasSameSizeAs(reference);
    boolean overshoots = false;
    for (int i = 0; i < out.length; i++) {
      overshoots |= Math.abs(reference[i]) > 1;
      if (Math.abs(reference[i]) > 0.5) {
        assertThat(Math.signum(out[i])).as("sample %d", i).isEqualTo(Math.signum(reference[i]));
      }
    }
    assertThat(overshoots).isTrue();
    assertThat(out).contains(Short.MAX_VALUE, Short.MIN_VALUE);
  }

  @Test
  void finishDropsAnIncompleteLastSample() {
    AudioDecoder decoder = new AudioDecoder(new AudioFormat(AudioEncoding.PCM_S32LE, 16000));
    assertThat(decoder.decode(new byte[] {0, 0, 1, 0, 9, 9, 9})).containsExactly((short) 1);
    assertThat(decoder.pendingBytes()).isEqualTo(3);

    assertThat(decoder.finish()).isEmpty();
    assertThat(decoder.pendingBytes()).isZero();
    assertThat(decoder.samplesOut()).isEqualTo(1);
  }

  @Test
  void emptyChunksAreHarmless() {
    AudioDecoder decoder = new AudioDecoder(AudioFormat.DEFAULT);
    assertThat(decoder.decode(new byte[] {5})).isEmpty();
    assertThat(decoder.decode(new byte[0])).isEmpty();
    assertThat(decoder.pendingBytes()).isEqualTo(1);
    assertThat(decoder.decode(new byte[] {0})).containsExactly((short) 5);
  }

  @Test
  void callsAfterFinishAreRejected() {
    AudioDecoder decoder = new AudioDecoder(AudioFormat.DEFAULT);
    decoder.finish();
    assertThatThrownBy(() -> decoder.decode(new byte[2]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audio decoder already finished: expected no calls after finish()");
    assertThatThrownBy(decoder::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> new AudioDecoder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AudioDecoder(AudioFormat.DEFAULT).decode(null))
        .isInstanceOf(NullPointerException.class);
  }
}
