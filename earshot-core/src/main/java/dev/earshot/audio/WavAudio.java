package dev.earshot.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Audio read from a WAV file, already downmixed to one channel.
 *
 * <p>The array is not copied, so equality is by reference as for any record with an array component;
 * callers that share a {@code WavAudio} must not modify {@code data}.
 *
 * @param format encoding and rate of {@code data}; never null
 * @param data mono samples in {@code format.encoding()}, a whole number of samples; never null
 */
public record WavAudio(AudioFormat format, byte[] data) {
  /**
   * @throws NullPointerException if either component is null
   * @throws IllegalArgumentException if {@code data} ends with a partial sample
   */
  public WavAudio {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(data, "data");
    int size = format.encoding().bytesPerSample();
    if (data.length % size != 0) {
      throw new IllegalArgumentException("audio data of " + data.length + " bytes: expected a multiple of "
          + size + " for " + format.encoding().wireName());
    }
  }

  /** Duration in seconds. */
  public double seconds() {
    return (double) (data.length / format.encoding().bytesPerSample()) / format.sampleRate();
  }

  /**
   * The audio cut into pieces of {@code chunkMs} milliseconds on whole samples, as a live source
   * would send it; the last may be shorter. Copies: the pieces do not share {@code data}.
   *
   * @throws IllegalArgumentException if {@code chunkMs} is not positive
   */
  public List<byte[]> chunks(int chunkMs) {
    if (chunkMs <= 0) {
      throw new IllegalArgumentException("chunk of " + chunkMs + " ms: expected a positive length");
    }
    int chunkBytes = Math.max(1, (int) ((long) format.sampleRate() * chunkMs / 1000))
        * format.encoding().bytesPerSample();
    List<byte[]> out = new ArrayList<>();
    for (int at = 0; at < data.length; at += chunkBytes) {
      out.add(Arrays.copyOfRange(data, at, Math.min(data.length, at + chunkBytes)));
    }
    return out;
  }
}
