package dev.earshot.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes small WAV files for tests, chunk by chunk, including malformed ones. */
final class WavBuilder {
  private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
  private String form = "WAVE";

  WavBuilder fmt(int tag, int channels, int rate, int bits) {
    return chunk("fmt ", fmtBody(tag, channels, rate, bits, 16).array());
  }

  /** WAVE_FORMAT_EXTENSIBLE whose subformat GUID starts with {@code subTag}. */
  WavBuilder extensibleFmt(int subTag, int channels, int rate, int bits) {
    ByteBuffer body = fmtBody(0xFFFE, channels, rate, bits, 40);
    body.putShort((short) 22).putShort((short) bits).putInt(0);
    body.putShort((short) subTag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
        (byte) 0x9B, 0x71});
    return chunk("fmt ", body.array());
  }

  WavBuilder data(byte[] body) {
    return chunk("data", body);
  }

  /** Appends a chunk, with the pad byte the RIFF format requires after an odd-sized body. */
  WavBuilder chunk(String id, byte[] body) {
    return chunk(id, body, body.length);
  }

  /** Appends a chunk whose header declares {@code declaredSize}, possibly more than the body. */
  WavBuilder chunk(String id, byte[] body, long declaredSize) {
    chunks.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
    chunks.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) declaredSize).array());
    chunks.writeBytes(body);
    if (body.length % 2 == 1 && declaredSize == body.length) {
      chunks.write(0);
    }
    return this;
  }

  WavBuilder form(String type) {
    form = type;
    return this;
  }

  byte[] build() {
    ByteBuffer file = ByteBuffer.allocate(12 + chunks.size()).order(ByteOrder.LITTLE_ENDIAN);
    file.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + chunks.size());
    file.put(form.getBytes(StandardCharsets.ISO_8859_1)).put(chunks.toByteArray());
    return file.array();
  }

  private static ByteBuffer fmtBody(int tag, int channels, int rate, int bits, int size) {
    int blockAlign = channels * bits / 8;
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
        .putShort((short) blockAlign).putShort((short) bits);
  }
}
