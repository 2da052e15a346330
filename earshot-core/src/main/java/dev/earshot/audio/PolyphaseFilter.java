package dev.earshot.audio;

/**
 * Kaiser-windowed sinc low-pass filter for one rate pair, precomputed as a table of phases.
 *
 * <p>The prototype passes up to {@value #PASSBAND} of the lower Nyquist frequency and attenuates by at least
 * {@value #ATTENUATION_DB} dB from the lower Nyquist frequency up, so nothing that would fold back into the
 * output band survives. Design formulas are Kaiser's, as in Oppenheim and Schafer, "Discrete-Time Signal
 * Processing", section 7.5.3. Immutable and thread-safe once built.
 */
final class PolyphaseFilter {
  static final double ATTENUATION_DB = 80;
  static final double PASSBAND = 0.8;
  /**
   * Above this many phases (large reduced up-factors such as 12345 Hz -> 16 kHz, which needs 3200) the table
   * holds this many and {@link #apply} interpolates linearly between neighbours; the interpolation error is
   * about (pi / phases)^2 / 8 of full scale, below -90 dB, so it stays under the filter's own stopband.
   */
  static final int MAX_EXACT_PHASES = 1024;
  static final int INTERPOLATED_PHASES = 512;

  private final int upFactor;
  private final boolean interpolated;
  private final int halfTaps;
  private final int taps;
  /** Phase p's taps at {@code [p * taps, (p + 1) * taps)}; tap i weighs input {@code position - halfTaps + 1 + i}. */
  private final float[] coefficients;

  /** Builds the table for {@code inputRate -> outputRate} where {@code upFactor} is the reduced output factor. */
  PolyphaseFilter(int inputRate, int outputRate, int upFactor) {
    this.upFactor = upFactor;
    this.interpolated = upFactor > MAX_EXACT_PHASES;
    int lowerRate = Math.min(inputRate, outputRate);
    // Kaiser: length in lower-rate samples for the attenuation over a transition of (1 - PASSBAND) * Nyquist.
    double transition = (1 - PASSBAND) / 2;
    double halfWidthLower = (ATTENUATION_DB - 7.95) / (14.36 * transition) / 2;
    double halfWidth = halfWidthLower * inputRate / lowerRate;
    this.halfTaps = (int) Math.ceil(halfWidth);
    this.taps = 2 * halfTaps;
    double cutoff = (1 + PASSBAND) / 2 * lowerRate / 2 / inputRate;
    int phases = interpolated ? INTERPOLATED_PHASES + 1 : upFactor;
    int phaseScale = interpolated ? INTERPOLATED_PHASES : upFactor;
    this.coefficients = new float[phases * taps];
    for (int p = 0; p < phases; p++) {
      fillPhase(p, (double) p / phaseScale, cutoff, halfWidth);
    }
  }

  /** Input samples needed on each side of an output's time: taps reach from {@code 1 - halfTaps} to {@code halfTaps}. */
  int halfTaps() {
    return halfTaps;
  }

  /**
   * The output at input time {@code position + phase / upFactor}; {@code samples} must hold taps
   * {@code position - halfTaps + 1} through {@code position + halfTaps}.
   */
  float apply(float[] samples, int position, int phase) {
    int first = position - halfTaps + 1;
    if (!interpolated) {
      return dot(samples, first, phase * taps);
    }
    long scaled = (long) phase * INTERPOLATED_PHASES;
    int lower = (int) (scaled / upFactor);
    float weight = (float) (scaled % upFactor) / upFactor;
    float below = dot(samples, first, lower * taps);
    float above = dot(samples, first, (lower + 1) * taps);
    return below + weight * (above - below);
  }

  private float dot(float[] samples, int first, int coefficientOffset) {
    float sum = 0;
    for (int i = 0; i < taps; i++) {
      sum += samples[first + i] * coefficients[coefficientOffset + i];
    }
    return sum;
  }

  /** Samples the kernel at {@code fraction - j} and normalises the phase to unity DC gain. */
  private void fillPhase(int phase, double fraction, double cutoff, double halfWidth) {
    double beta = 0.1102 * (ATTENUATION_DB - 8.7);
    double[] values = new double[taps];
    double sum = 0;
    for (int i = 0; i < taps; i++) {
      double t = i - halfTaps + 1 - fraction;
      values[i] = 2 * cutoff * sinc(2 * cutoff * t) * kaiser(t / halfWidth, beta);
      sum += values[i];
    }
    for (int i = 0; i < taps; i++) {
      coefficients[phase * taps + i] = (float) (values[i] / sum);
    }
  }

  private static double sinc(double x) {
    return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  /** Kaiser window at {@code x} in [-1, 1] (zero outside). */
  private static double kaiser(double x, double beta) {
    if (Math.abs(x) >= 1) {
      return 0;
    }
    return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
  }

  /** Zeroth-order modified Bessel function of the first kind, by its power series (converges fast for beta < 20). */
  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double quarterSquare = x * x / 4;
    for (int k = 1; term > 1e-12 * sum; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
    }
    return sum;
  }
}
