package dev.earshot.audio;

import java.util.Objects;

/**
 * The encoding and sample rate of a mono audio stream.
 *
 * @param encoding how each sample is stored; never null
 * @param sampleRate samples per second, {@value #MIN_SAMPLE_RATE} to {@value #MAX_SAMPLE_RATE} inclusive
 */
public record AudioFormat(AudioEncoding encoding, int sampleRate) {
  /** Telephone rate; below it speech loses too much to be worth recognising. */
  public static final int MIN_SAMPLE_RATE = 8000;
  /** Highest rate we accept; the resampler's filter sizes are bounded by the ratio to 16 kHz. */
  public static final int MAX_SAMPLE_RATE = 48000;
  /** What the protocol assumes when a client names no format. */
  public static final AudioFormat DEFAULT = new AudioFormat(AudioEncoding.PCM_S16LE, 16000);

  /**
   * @throws NullPointerException if {@code encoding} is null
   * @throws IllegalArgumentException if {@code sampleRate} is out of range; the message says the accepted range
   */
  public AudioFormat {
    Objects.requireNonNull(encoding, "encoding");
    if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
      throw new IllegalArgumentException("sample rate " + sampleRate + " Hz out of range: expected "
          + MIN_SAMPLE_RATE + " to " + MAX_SAMPLE_RATE);
    }
  }

  /** Bytes of one second of audio in this format. */
  public int bytesPerSecond() {
    return sampleRate * encoding.bytesPerSample();
  }
}
