package dev.earshot.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A little-endian sample encoding as named on the wire (the {@code audio_format.encoding} field of the
 * realtime transcription protocol). The stream is mono: one sample after another, no interleaved channels.
 */
public enum AudioEncoding {
  PCM_S16LE(2),
  PCM_S32LE(4),
  PCM_F16LE(2),
  PCM_F32LE(4),
  /** ITU-T G.711 mu-law, one byte per sample. */
  PCM_MULAW(1),
  /** ITU-T G.711 A-law, one byte per sample. */
  PCM_ALAW(1);

  private static final String EXPECTED = Arrays.stream(values())
      .map(AudioEncoding::wireName)
      .collect(Collectors.joining(", "));

  private final int bytesPerSample;

  AudioEncoding(int bytesPerSample) {
    this.bytesPerSample = bytesPerSample;
  }

  /** The protocol's name for this encoding, e.g. {@code "pcm_s16le"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Bytes taken by one sample of one channel: 1, 2 or 4. */
  public int bytesPerSample() {
    return bytesPerSample;
  }

  /**
   * Parses a protocol name; matching is exact (lower case, as the protocol spells it).
   *
   * @throws IllegalArgumentException if {@code name} names no encoding; the message lists the accepted names
   * @throws NullPointerException if {@code name} is null
   */
  public static AudioEncoding fromWireName(String name) {
    for (AudioEncoding encoding : values()) {
      if (encoding.wireName().equals(name)) {
        return encoding;
      }
    }
    if (name == null) {
      throw new NullPointerException("audio encoding name is null: expected one of " + EXPECTED);
    }
    throw new IllegalArgumentException("unknown audio encoding '" + name + "': expected one of " + EXPECTED);
  }
}
