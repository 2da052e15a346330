package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {
  private static final int OUT = 16000;
  /** Skip the edges, where the filter sees the zero history and zero padding. */
  private static final int EDGE = 800;

  private static float[] resampleAll(Resampler resampler, float[] in) {
    return Signals.concat(resampler.process(in), resampler.finish());
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 12345, 22050, 44100, 48000, 16000, 32000, 47999})
  void oneKilohertzToneKeepsFrequencyAndLevel(int inputRate) {
    float[] out = resampleAll(new Resampler(inputRate, OUT), Signals.sine(inputRate, 1000, 0.5, inputRate / 2));

    double frequency = Signals.zeroCrossingFrequency(out, OUT, EDGE, out.length - EDGE);
    double levelDb = Signals.decibels(Signals.rms(out, EDGE, out.length - EDGE) / (0.5 / Math.sqrt(2)));
    assertThat(frequency).isCloseTo(1000, within(0.5));
    assertThat(levelDb).isCloseTo(0, within(0.5));
  }

  @ParameterizedTest
  @CsvSource({"48000, 12000", "48000, 8500", "44100, 9000", "44100, 20000", "22050, 10000", "24000, 9000", "47999, 11000",
      "32000, 10000"})
  void tonesAboveTheOutputNyquistAreRejectedBySixtyDecibels(int inputRate, double frequency) {
    float[] out = resampleAll(new Resampler(inputRate, OUT), Signals.sine(inputRate, frequency, 0.5, inputRate / 2));

    double rejectionDb = Signals.decibels(Signals.rms(out, EDGE, out.length - EDGE) / (0.5 / Math.sqrt(2)));
    assertThat(rejectionDb).isLessThan(-60);
  }

  @ParameterizedTest
  @CsvSource({"8000, 3000", "11025, 5000", "12345, 6000"})
  void upsamplingLeavesNoImages(int inputRate, double frequency) {
    float[] in = Signals.sine(inputRate, frequency, 0.5, inputRate / 2);
    float[] out = resampleAll(new Resampler(inputRate, OUT), in);
    // The image of f sits at inputRate - f, above the input's Nyquist frequency.
    float[] image = Signals.sine(OUT, inputRate - frequency, 1, out.length);
    double correlation = 0;
    for (int i = EDGE; i < out.length - EDGE; i++) {
      correlation += out[i] * image[i];
    }
    double imageAmplitude = Math.abs(2 * correlation / (out.length - 2 * EDGE));
    assertThat(Signals.decibels(imageAmplitude / 0.5)).isLessThan(-60);
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 12345, 44100, 48000})
  void outputDoesNotDependOnChunking(int inputRate) {
    float[] in = Signals.sine(inputRate, 440, 0.8, inputRate / 5);
    float[] whole = resampleAll(new Resampler(inputRate, OUT), in);

    Resampler chunked = new Resampler(inputRate, OUT);
    Random random = new Random(inputRate);
    float[] out = new float[0];
    for (int start = 0; start < in.length; ) {
      int length = Math.min(random.nextInt(300), in.length - start);
      float[] chunk = new float[length];
      System.arraycopy(in, start, chunk, 0, length);
      out = Signals.concat(out, chunked.process(chunk));
      start += length;
    }
    out = Signals.concat(out, chunked.finish());
    assertThat(out).containsExactly(whole);
  }

  @ParameterizedTest
  @CsvSource({"44100, 0", "44100, 1", "44100, 2", "44100, 441", "44100, 100000", "8000, 1", "8000, 7",
      "12345, 12346", "48000, 5"})
  void wholeStreamYieldsInputLengthTimesRatio(int inputRate, int inputSamples) {
    float[] out = resampleAll(new Resampler(inputRate, OUT), new float[inputSamples]);
    assertThat(out).hasSize((int) Math.ceilDiv((long) inputSamples * OUT, inputRate));
  }

  @Test
  void equalRatesAreBitExact() {
    float[] in = new float[1000];
    Random random = new Random(1);
    for (int i = 0; i < in.length; i++) {
      in[i] = random.nextFloat() * 2 - 1;
    }
    Resampler resampler = new Resampler(OUT, OUT);
    assertThat(resampler.process(in)).containsExactly(in);
    assertThat(resampler.finish()).isEmpty();
  }

  @Test
  void callsAfterFinishAreRejected() {
    Resampler resampler = new Resampler(48000, OUT);
    resampler.finish();
    assertThatThrownBy(() -> resampler.process(new float[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("resampler already finished: expected no calls after finish()");
    assertThatThrownBy(resampler::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nonPositiveRatesAreRejected() {
    assertThatThrownBy(() -> new Resampler(0, OUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample rates 0 -> 16000 Hz: expected both positive");
  }
}
