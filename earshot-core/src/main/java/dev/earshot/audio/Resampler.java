package dev.earshot.audio;

import java.util.Arrays;

/**
 * Streaming band-limited sample-rate converter for float samples nominally in [-1, 1].
 *
 * <p>Each output sample {@code k} sits at input time {@code k * inputRate / outputRate} and is a windowed-sinc
 * interpolation of the input around that time (see {@link PolyphaseFilter}), so the output is not delayed
 * relative to the input. The result is the same however the input is split into {@link #process} calls, and the
 * whole stream yields {@code ceil(inputSamples * outputRate / inputRate)} samples once {@link #finish} is called.
 * Equal rates take an identity path that returns the input unchanged.
 *
 * <p>Not thread-safe: use one instance per stream from one thread at a time.
 */
public final class Resampler {
  /**
   * Initial input buffer size in samples beyond the filter history. The buffer grows to the largest chunk passed
   * to {@link #process} plus the history, so memory is bounded by the caller's chunk size.
   */
  private static final int INITIAL_CAPACITY = 1024;

  /** Null on the identity path. */
  private final PolyphaseFilter filter;
  /** Reduced ratio: {@code upFactor / downFactor == outputRate / inputRate}, coprime. */
  private final int upFactor;
  private final int downFactor;
  /** Input not yet consumed, preceded by the history the filter still needs; starts with zeros for time < 0. */
  private float[] buffer;
  private int bufferLength;
  /** Index in {@code buffer} of the input sample at or just before the next output's time. */
  private int position;
  /** Fractional part of the next output's time, in units of {@code 1 / upFactor} input samples. */
  private int phase;
  private long inputSamples;
  private long outputSamples;
  private boolean finished;

  /**
   * @throws IllegalArgumentException if either rate is not positive
   */
  public Resampler(int inputRate, int outputRate) {
    if (inputRate <= 0 || outputRate <= 0) {
      throw new IllegalArgumentException("sample rates " + inputRate + " -> " + outputRate
          + " Hz: expected both positive");
    }
    int gcd = gcd(inputRate, outputRate);
    this.upFactor = outputRate / gcd;
    this.downFactor = inputRate / gcd;
    this.filter = upFactor == downFactor ? null : new PolyphaseFilter(inputRate, outputRate, upFactor);
    int history = filter == null ? 0 : filter.halfTaps() - 1;
    this.buffer = new float[history + INITIAL_CAPACITY];
    this.bufferLength = history;
    this.position = history;
  }

  /**
   * Feeds the next input samples and returns every output sample that no longer depends on future input;
   * the rest follow from later calls or {@link #finish}. The array is not retained.
   *
   * @return a new array, possibly empty; on the identity path a copy of {@code in}
   * @throws NullPointerException if {@code in} is null
   * @throws IllegalStateException after {@link #finish}
   */
  public float[] process(float[] in) {
    checkNotFinished();
    inputSamples += in.length;
    if (filter == null) {
      outputSamples += in.length;
      return in.clone();
    }
    append(in, in.length);
    float[] out = drain(readyOutputs());
    compact();
    return out;
  }

  /**
   * Ends the stream: pads the input with silence and returns the outputs still owed, so that the whole
   * stream produced {@code ceil(inputSamples * outputRate / inputRate)} samples. Later calls to this method or
   * {@link #process} throw {@link IllegalStateException}.
   */
  public float[] finish() {
    checkNotFinished();
    finished = true;
    if (filter == null) {
      return new float[0];
    }
    append(new float[filter.halfTaps()], filter.halfTaps());
    long total = Math.ceilDiv(inputSamples * upFactor, downFactor);
    return drain((int) (total - outputSamples));
  }

  private float[] drain(int count) {
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = filter.apply(buffer, position, phase);
      phase += downFactor;
      position += phase / upFactor;
      phase %= upFactor;
    }
    outputSamples += count;
    return out;
  }

  /** Outputs whose last tap, at {@code position + halfTaps}, is already in the buffer. */
  private int readyOutputs() {
    long lastUsable = bufferLength - 1 - filter.halfTaps();
    if (lastUsable < position) {
      return 0;
    }
    // Output m (from now) sits at position + floor((phase + m * downFactor) / upFactor).
    long span = (lastUsable - position + 1) * upFactor - phase;
    return (int) Math.ceilDiv(span, downFactor);
  }

  private void append(float[] in, int length) {
    if (bufferLength + length > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, bufferLength + length));
    }
    System.arraycopy(in, 0, buffer, bufferLength, length);
    bufferLength += length;
  }

  /** Drops input older than the first tap of the next output, keeping the buffer as small as the filter. */
  private void compact() {
    int keepFrom = Math.min(position - (filter.halfTaps() - 1), bufferLength);
    if (keepFrom > 0) {
      System.arraycopy(buffer, keepFrom, buffer, 0, bufferLength - keepFrom);
      bufferLength -= keepFrom;
      position -= keepFrom;
    }
  }

  private void checkNotFinished() {
    if (finished) {
      throw new IllegalStateException("resampler already finished: expected no calls after finish()");
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
