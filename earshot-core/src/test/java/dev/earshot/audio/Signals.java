package dev.earshot.audio;

/** Test signals and measurements for the resampler and decoder tests. */
final class Signals {
  private Signals() {
  }

  static float[] sine(int rate, double frequency, double amplitude, int samples) {
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return out;
  }

  static double rms(float[] samples, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  static double decibels(double ratio) {
    return 20 * Math.log10(ratio);
  }

  /** Frequency from the first to the last upward zero crossing in [from, to), located by linear interpolation. */
  static double zeroCrossingFrequency(float[] samples, int rate, int from, int to) {
    double first = -1;
    double last = -1;
    int cycles = -1;
    for (int i = from + 1; i < to; i++) {
      if (samples[i - 1] < 0 && samples[i] >= 0) {
        double crossing = i - 1 + samples[i - 1] / (double) (samples[i - 1] - samples[i]);
        first = first < 0 ? crossing : first;
        last = crossing;
        cycles++;
      }
    }
    return cycles * rate / (last - first);
  }

  static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static short[] concat(short[] a, short[] b) {
    short[] out = new short[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static float[] toFloat(short[] samples) {
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = samples[i] / 32768f;
    }
    return out;
  }

  static byte[] s16le(short... samples) {
    byte[] out = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      out[2 * i] = (byte) samples[i];
      out[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return out;
  }

  static byte[] s32le(int... samples) {
    byte[] out = new byte[samples.length * 4];
    for (int i = 0; i < samples.length; i++) {
      for (int b = 0; b < 4; b++) {
        out[4 * i + b] = (byte) (samples[i] >> (8 * b));
      }
    }
    return out;
  }

  static byte[] f32le(float... samples) {
    int[] bits = new int[samples.length];
    for (int i = 0; i < samples.length; i++) {
      bits[i] = Float.floatToIntBits(samples[i]);
    }
    return s32le(bits);
  }

  static byte[] f16le(float... samples) {
    short[] bits = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      bits[i] = Float.floatToFloat16(samples[i]);
    }
    return s16le(bits);
  }
}
