package dev.earshot.audio;

/**
 * Reads and writes single little-endian samples of every {@link AudioEncoding}. Stateless and thread-safe;
 * callers guarantee that {@code offset} leaves room for a whole sample.
 */
final class SampleCodec {
  /** G.711 expansion tables, indexed by the unsigned code byte; built once from the ITU-T formulas. */
  private static final short[] MULAW = new short[256];
  private static final short[] ALAW = new short[256];

  static {
    for (int code = 0; code < 256; code++) {
      MULAW[code] = expandMulaw(code);
      ALAW[code] = expandAlaw(code);
    }
  }

  private SampleCodec() {
  }

  /** Decodes the sample at {@code offset} to signed 16-bit PCM, the engine's input. */
  static short toPcm16(AudioEncoding encoding, byte[] bytes, int offset) {
    return switch (encoding) {
      case PCM_S16LE -> (short) readInt16(bytes, offset);
      case PCM_S32LE -> int32ToPcm16(readInt32(bytes, offset));
      case PCM_F16LE -> floatToPcm16(Float.float16ToFloat((short) readInt16(bytes, offset)));
      case PCM_F32LE -> floatToPcm16(Float.intBitsToFloat(readInt32(bytes, offset)));
      case PCM_MULAW -> MULAW[bytes[offset] & 0xFF];
      case PCM_ALAW -> ALAW[bytes[offset] & 0xFF];
    };
  }

  /**
   * The sample at {@code offset} in the encoding's own linear scale: integer value for the PCM encodings,
   * [-1, 1] floats for the float ones, and the 16-bit expansion for the G.711 ones (which have no linear scale).
   */
  static double linearValue(AudioEncoding encoding, byte[] bytes, int offset) {
    return switch (encoding) {
      case PCM_S16LE, PCM_MULAW, PCM_ALAW -> toPcm16(encoding, bytes, offset);
      case PCM_S32LE -> readInt32(bytes, offset);
      case PCM_F16LE -> Float.float16ToFloat((short) readInt16(bytes, offset));
      case PCM_F32LE -> Float.intBitsToFloat(readInt32(bytes, offset));
    };
  }

  /**
   * Writes a value in the scale of {@link #linearValue}, rounding to the nearest integer for PCM encodings.
   *
   * @throws IllegalArgumentException for the G.711 encodings, which callers widen to 16-bit PCM instead
   */
  static void writeLinear(AudioEncoding encoding, double value, byte[] bytes, int offset) {
    switch (encoding) {
      case PCM_S16LE -> writeInt16(bytes, offset, (int) Math.round(value));
      case PCM_S32LE -> writeInt32(bytes, offset, (int) Math.round(value));
      case PCM_F16LE -> writeInt16(bytes, offset, Float.floatToFloat16((float) value));
      case PCM_F32LE -> writeInt32(bytes, offset, Float.floatToIntBits((float) value));
      case PCM_MULAW, PCM_ALAW -> throw new IllegalArgumentException(
          "cannot write linear values as " + encoding.wireName() + ": expected a linear PCM encoding");
    }
  }

  /** Clips to [-1, 1] and scales by 32767 so that full scale maps to full scale without overflow. */
  static short floatToPcm16(float value) {
    if (Float.isNaN(value)) {
      return 0; // a NaN from a broken client must not become a full-scale click
    }
    float clipped = Math.clamp(value, -1f, 1f);
    return (short) Math.round(clipped * 32767f);
  }

  /** Keeps the top 16 bits, rounding half up on the dropped 16 and saturating at the positive end. */
  static short int32ToPcm16(int value) {
    long rounded = ((long) value + 0x8000L) >> 16;
    return (short) Math.min(rounded, Short.MAX_VALUE);
  }

  /** ITU-T G.711 mu-law expansion: the code is stored inverted, with bias 0x84 (132). */
  private static short expandMulaw(int code) {
    int inverted = ~code & 0xFF;
    int exponent = (inverted >> 4) & 0x07;
    int mantissa = inverted & 0x0F;
    int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    return (short) ((inverted & 0x80) != 0 ? -magnitude : magnitude);
  }

  /** ITU-T G.711 A-law expansion: even bits are inverted (XOR 0x55) and segment 0 has no implicit leading one. */
  private static short expandAlaw(int code) {
    int toggled = code ^ 0x55;
    int segment = (toggled >> 4) & 0x07;
    int magnitude = ((toggled & 0x0F) << 4) + 8;
    if (segment > 0) {
      magnitude = (magnitude + 0x100) << (segment - 1);
    }
    return (short) ((toggled & 0x80) != 0 ? magnitude : -magnitude);
  }

  static int readInt16(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF) | (bytes[offset + 1] << 8);
  }

  static int readInt32(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8
        | (bytes[offset + 2] & 0xFF) << 16 | bytes[offset + 3] << 24;
  }

  private static void writeInt16(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) value;
    bytes[offset + 1] = (byte) (value >> 8);
  }

  private static void writeInt32(byte[] bytes, int offset, int value) {
    writeInt16(bytes, offset, value);
    writeInt16(bytes, offset + 2, value >> 16);
  }
}
