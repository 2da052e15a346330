package dev.earshot.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Reads RIFF/WAVE files into mono {@link WavAudio}.
 *
 * <p>Chunks may come in any order; unknown ones (LIST, fact, ...) are skipped, honouring the pad byte after
 * odd-sized chunks. Supported: format tag 1 (PCM, 16 or 32 bits), 3 (IEEE float, 32 or 16 bits), 6 (A-law),
 * 7 (mu-law) and 0xFFFE (WAVE_FORMAT_EXTENSIBLE, whose subformat GUID starts with one of those tags), at
 * {@value AudioFormat#MIN_SAMPLE_RATE} to {@value AudioFormat#MAX_SAMPLE_RATE} Hz. Several channels are averaged
 * to one: in the same encoding for linear PCM and float, into 16-bit PCM for A-law and mu-law. A trailing
 * partial frame is dropped.
 *
 * <p>Anything else fails with an {@link IOException} whose message states what was expected and what was found
 * (for a valid WAV file of another encoding or rate, an {@link UnsupportedWavException}, which
 * {@link AudioFileReader} answers by decoding the file with ffmpeg);
 * a data chunk shorter than declared fails with an {@link EOFException}. The whole file is held in memory, so
 * callers bound its size. Stateless and thread-safe.
 */
public final class WavReader {
  private static final int TAG_PCM = 1;
  private static final int TAG_IEEE_FLOAT = 3;
  private static final int TAG_ALAW = 6;
  private static final int TAG_MULAW = 7;
  private static final int TAG_EXTENSIBLE = 0xFFFE;
  /** RIFF id and size, then the WAVE form type. */
  private static final int HEADER_SIZE = 12;
  private static final int CHUNK_HEADER_SIZE = 8;
  private static final int MIN_FMT_SIZE = 16;
  /** WAVEFORMATEXTENSIBLE: the subformat GUID ends the 40-byte structure. */
  private static final int EXTENSIBLE_FMT_SIZE = 40;
  private static final int SUBFORMAT_OFFSET = 24;

  private WavReader() {
  }

  /**
   * Reads a whole WAV file into memory.
   *
   * @throws IOException if the file cannot be read, is not a WAV file or uses an unsupported format
   * @throws NullPointerException if {@code file} is null
   */
  public static WavAudio read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * Reads a WAV stream to its end. The stream is not closed.
   *
   * @throws IOException if the stream fails, is not a WAV file or uses an unsupported format
   * @throws NullPointerException if {@code in} is null
   */
  public static WavAudio read(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    return parse(in.readAllBytes());
  }

  private static WavAudio parse(byte[] file) throws IOException {
    checkHeader(file);
    Chunk fmt = null;
    Chunk data = null;
    int offset = HEADER_SIZE;
    // Stop once both are found so that trailing junk some writers append does not matter.
    while ((fmt == null || data == null) && offset + CHUNK_HEADER_SIZE <= file.length) {
      Chunk chunk = Chunk.at(file, offset);
      switch (chunk.id()) {
        case "fmt " -> fmt = chunk;
        case "data" -> data = chunk;
        default -> { } // LIST, fact, cue, ...: metadata we have no use for
      }
      offset = chunk.next();
    }
    if (fmt == null || data == null) {
      throw new IOException("invalid WAV file: expected 'fmt ' and 'data' chunks, found "
          + (fmt == null ? "no 'fmt '" : "no 'data'") + " chunk in " + file.length + " bytes");
    }
    data.checkComplete(file);
    fmt.checkComplete(file);
    WavFormat format = WavFormat.parse(file, fmt);
    return format.toMono(file, data.start(), data.size());
  }

  private static void checkHeader(byte[] file) throws IOException {
    if (file.length < HEADER_SIZE) {
      throw new IOException("not a WAV file: expected a " + HEADER_SIZE + "-byte RIFF header, found "
          + file.length + " bytes");
    }
    String riff = fourCc(file, 0);
    if (!riff.equals("RIFF")) {
      throw new IOException("not a WAV file: expected 'RIFF' at byte 0, found " + describe(file, 0));
    }
    String wave = fourCc(file, 8);
    if (!wave.equals("WAVE")) {
      throw new IOException("not a WAV file: expected 'WAVE' at byte 8, found " + describe(file, 8));
    }
  }

  static String fourCc(byte[] file, int offset) {
    return new String(file, offset, 4, StandardCharsets.ISO_8859_1);
  }

  /** Quotes printable ids and shows others in hex, so a binary file yields a readable message. */
  private static String describe(byte[] file, int offset) {
    String text = fourCc(file, offset);
    if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      return "'" + text + "'";
    }
    return "0x" + HexFormat.of().formatHex(file, offset, offset + 4);
  }

  static long readUint32(byte[] file, int offset) {
    return SampleCodec.readInt32(file, offset) & 0xFFFF_FFFFL;
  }

  static int readUint16(byte[] file, int offset) {
    return SampleCodec.readInt16(file, offset) & 0xFFFF;
  }

  /** A chunk's id and declared body; the body may run past the end of a truncated file. */
  private record Chunk(String id, int start, long size) {
    static Chunk at(byte[] file, int offset) {
      return new Chunk(fourCc(file, offset), offset + CHUNK_HEADER_SIZE, readUint32(file, offset + 4));
    }

    /** Offset of the following chunk: bodies of odd size are followed by one pad byte (RIFF spec). */
    int next() {
      long next = start + size + (size & 1);
      return (int) Math.min(next, Integer.MAX_VALUE);
    }

    void checkComplete(byte[] file) throws EOFException {
      long available = file.length - start;
      if (size > available) {
        throw new EOFException("truncated WAV file: '" + id + "' chunk at byte " + (start - CHUNK_HEADER_SIZE)
            + " declares " + size + " bytes, but only " + available + " follow");
      }
    }
  }

  /** The parts of a 'fmt ' chunk we use, validated. */
  private record WavFormat(AudioFormat format, int channels) {
    static WavFormat parse(byte[] file, Chunk fmt) throws IOException {
      if (fmt.size() < MIN_FMT_SIZE) {
        throw new IOException("invalid WAV 'fmt ' chunk: expected at least " + MIN_FMT_SIZE
            + " bytes, found " + fmt.size());
      }
      int at = fmt.start();
      int tag = readUint16(file, at);
      int channels = readUint16(file, at + 2);
      long rate = readUint32(file, at + 4);
      int blockAlign = readUint16(file, at + 12);
      int bits = readUint16(file, at + 14);
      if (tag == TAG_EXTENSIBLE) {
        tag = extensibleSubformat(file, fmt);
      }
      AudioEncoding encoding = encoding(tag, bits);
      checkLayout(channels, blockAlign, encoding);
      return new WavFormat(new AudioFormat(encoding, checkRate(rate)), channels);
    }

    WavAudio toMono(byte[] file, int start, long size) {
      int frameSize = channels * format.encoding().bytesPerSample();
      int frames = (int) (size / frameSize);
      if (channels == 1) {
        byte[] data = Arrays.copyOfRange(file, start, start + frames * frameSize);
        return new WavAudio(format, data);
      }
      return Downmix.toMono(format, channels, file, start, frames);
    }

    private static int extensibleSubformat(byte[] file, Chunk fmt) throws IOException {
      if (fmt.size() < EXTENSIBLE_FMT_SIZE) {
        throw new IOException("invalid WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk: expected at least "
            + EXTENSIBLE_FMT_SIZE + " bytes, found " + fmt.size());
      }
      // The subformat GUID is the KSDATAFORMAT_SUBTYPE_* GUID whose first two bytes are the plain format tag.
      return readUint16(file, fmt.start() + SUBFORMAT_OFFSET);
    }

    private static AudioEncoding encoding(int tag, int bits) throws IOException {
      return switch (tag) {
        case TAG_PCM -> switch (bits) {
          case 16 -> AudioEncoding.PCM_S16LE;
          case 32 -> AudioEncoding.PCM_S32LE;
          default -> throw unsupportedBits("PCM", bits, "16 or 32");
        };
        case TAG_IEEE_FLOAT -> switch (bits) {
          case 16 -> AudioEncoding.PCM_F16LE;
          case 32 -> AudioEncoding.PCM_F32LE;
          default -> throw unsupportedBits("IEEE float", bits, "16 or 32");
        };
        case TAG_ALAW -> companded(AudioEncoding.PCM_ALAW, "A-law", bits);
        case TAG_MULAW -> companded(AudioEncoding.PCM_MULAW, "mu-law", bits);
        default -> throw new UnsupportedWavException(String.format("unsupported WAV format tag 0x%04X: expected 1 (PCM), "
            + "3 (IEEE float), 6 (A-law), 7 (mu-law) or 0xFFFE (extensible) with one of those", tag));
      };
    }

    private static AudioEncoding companded(AudioEncoding encoding, String kind, int bits) throws IOException {
      if (bits != 8) {
        throw unsupportedBits(kind, bits, "8");
      }
      return encoding;
    }

    private static IOException unsupportedBits(String kind, int bits, String expected) {
      return new UnsupportedWavException("unsupported WAV " + kind + " sample size " + bits + " bits: expected " + expected
          + (kind.equals("PCM") && bits == 8 ? " (8-bit WAV is unsigned, not supported)" : ""));
    }

    private static void checkLayout(int channels, int blockAlign, AudioEncoding encoding) throws IOException {
      if (channels == 0) {
        throw new IOException("invalid WAV 'fmt ' chunk: expected at least 1 channel, found 0");
      }
      int expected = channels * encoding.bytesPerSample();
      if (blockAlign != expected) {
        throw new IOException("invalid WAV 'fmt ' chunk: expected block align " + expected + " for " + channels
            + " channel(s) of " + encoding.wireName() + ", found " + blockAlign);
      }
    }

    private static int checkRate(long rate) throws IOException {
      if (rate < AudioFormat.MIN_SAMPLE_RATE || rate > AudioFormat.MAX_SAMPLE_RATE) {
        throw new UnsupportedWavException("unsupported WAV sample rate " + rate + " Hz: expected "
            + AudioFormat.MIN_SAMPLE_RATE + " to " + AudioFormat.MAX_SAMPLE_RATE);
      }
      return (int) rate;
    }
  }
}
