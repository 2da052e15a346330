package dev.earshot.audio;

import java.io.IOException;

/**
 * A well-formed WAV file whose encoding or sample rate {@link WavReader} does not decode itself (24-bit or 8-bit
 * PCM, 64-bit float, ADPCM, rates outside 8 to 48 kHz, ...). The message says what was found and expected.
 */
public final class UnsupportedWavException extends IOException {
  UnsupportedWavException(String message) {
    super(message);
  }
}
