package dev.earshot.audio;

import java.util.Objects;

/**
 * Streaming decoder from bytes in a client's {@link AudioFormat} to 16 kHz mono signed 16-bit samples, the
 * engine's input.
 *
 * <p>Chunks may split samples anywhere: the bytes of an incomplete sample are carried into the next
 * {@link #decode} call. The output does not depend on how the stream is split. Call {@link #finish} once at the
 * end of the stream to drain the resampler; after it, both {@code decode} and {@code finish} throw
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe: use one instance per stream, from one thread at a time.
 */
public final class AudioDecoder {
  /** The engine's sample rate. */
  public static final int OUTPUT_RATE = 16000;
  private static final short[] NO_SAMPLES = new short[0];

  private final AudioEncoding encoding;
  private final int sampleSize;
  /** Null when the input is already at {@link #OUTPUT_RATE}: samples then go out as decoded, bit-exact. */
  private final Resampler resampler;
  /** The first {@code pendingLength} bytes are the start of a sample whose remaining bytes have not arrived. */
  private final byte[] pending;
  private int pendingLength;
  private long samplesOut;
  private boolean finished;

  /**
   * @throws NullPointerException if {@code input} is null
   */
  public AudioDecoder(AudioFormat input) {
    Objects.requireNonNull(input, "input");
    this.encoding = input.encoding();
    this.sampleSize = encoding.bytesPerSample();
    this.resampler = input.sampleRate() == OUTPUT_RATE ? null : new Resampler(input.sampleRate(), OUTPUT_RATE);
    this.pending = new byte[sampleSize];
  }

  /**
   * Decodes the next chunk of the stream. The array is not retained.
   *
   * @return the output samples now available, possibly none; a new array each call
   * @throws NullPointerException if {@code chunk} is null
   * @throws IllegalStateException after {@link #finish}
   */
  public short[] decode(byte[] chunk) {
    Objects.requireNonNull(chunk, "chunk");
    checkNotFinished();
    short[] samples = new short[(pendingLength + chunk.length) / sampleSize];
    int count = 0;
    int offset = 0;
    if (pendingLength > 0) {
      offset = Math.min(sampleSize - pendingLength, chunk.length);
      System.arraycopy(chunk, 0, pending, pendingLength, offset);
      pendingLength += offset;
      if (pendingLength < sampleSize) {
        return NO_SAMPLES;
      }
      samples[count++] = SampleCodec.toPcm16(encoding, pending, 0);
    }
    for (; offset + sampleSize <= chunk.length; offset += sampleSize) {
      samples[count++] = SampleCodec.toPcm16(encoding, chunk, offset);
    }
    pendingLength = chunk.length - offset;
    System.arraycopy(chunk, offset, pending, 0, pendingLength);
    return emit(resampler == null ? samples : toPcm16(resampler.process(toFloat(samples))));
  }

  /**
   * Ends the stream and returns the resampler's remaining output. Bytes of an incomplete last sample (see
   * {@link #pendingBytes}) are dropped: a partial sample has no value.
   *
   * @throws IllegalStateException if already called
   */
  public short[] finish() {
    checkNotFinished();
    finished = true;
    pendingLength = 0;
    return emit(resampler == null ? NO_SAMPLES : toPcm16(resampler.finish()));
  }

  /** Bytes of an incomplete sample carried over to the next {@link #decode} call, 0 to bytesPerSample - 1. */
  public int pendingBytes() {
    return pendingLength;
  }

  /** Output samples returned so far by {@link #decode} and {@link #finish} together. */
  public long samplesOut() {
    return samplesOut;
  }

  private short[] emit(short[] samples) {
    samplesOut += samples.length;
    return samples;
  }

  private void checkNotFinished() {
    if (finished) {
      throw new IllegalStateException("audio decoder already finished: expected no calls after finish()");
    }
  }

  /** Scales by 1/32768 so that {@link #toPcm16} is its exact inverse on unchanged samples. */
  private static float[] toFloat(short[] samples) {
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = samples[i] / 32768f;
    }
    return out;
  }

  /** Rounds and saturates: a resampled full-scale signal can overshoot slightly (Gibbs ringing). */
  static short[] toPcm16(float[] samples) {
    short[] out = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = (short) Math.clamp(Math.round(samples[i] * 32768f), Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return out;
  }
}
