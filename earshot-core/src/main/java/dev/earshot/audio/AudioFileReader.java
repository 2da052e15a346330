package dev.earshot.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads an audio file of any common kind as the engines' input: 16 kHz mono signed 16-bit little-endian samples
 * ({@link AudioFormat#DEFAULT}), in chunks.
 *
 * <p>WAV files that {@link WavReader} decodes are read in this process. Every other file (mp3, AAC and m4a,
 * Ogg and WebM with Opus or Vorbis, FLAC, and WAV files of other depths, rates or codecs) is decoded by
 * {@code ffmpeg} in a child process, to 32-bit float at the file's own rate and channels; in both cases this class
 * downmixes and resamples. A file that is neither fails with one {@link IOException} line naming the file.
 *
 * <p>Lifecycle: {@link #open}, {@link #read} until it returns null, and always {@link #close} (idempotent), which
 * also ends a running ffmpeg. Not thread-safe: one caller at a time.
 */
public final class AudioFileReader implements AutoCloseable {
  /** Bytes per output sample: 16-bit. */
  public static final int BYTES_PER_SAMPLE = 2;
  private static final int RIFF_HEADER_SIZE = 12;

  private final PcmSource source;
  /** Decoded samples not yet returned by {@link #read}: {@code pending[pendingStart..]}. */
  private short[] pending = new short[0];
  private int pendingStart;
  private long samplesRead;
  private boolean ended;

  private AudioFileReader(PcmSource source) {
    this.source = source;
  }

  /**
   * Opens {@code file} for decoding. A WAV file in one of {@link WavReader}'s encodings is read into memory at
   * once; any other file starts an ffmpeg process that runs as {@link #read} consumes its output.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException with a one-line message naming the file: unreadable, damaged, not audio, or ffmpeg
   *     missing
   * @throws NullPointerException if {@code file} is null
   */
  public static AudioFileReader open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return new AudioFileReader(sourceFor(file));
  }

  /**
   * Reads a whole file into memory as {@link AudioFormat#DEFAULT} audio.
   *
   * @throws IOException as {@link #open} and {@link #read} do
   */
  public static WavAudio readAll(Path file) throws IOException {
    try (AudioFileReader reader = open(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] chunk = reader.read(1 << 16); chunk != null; chunk = reader.read(1 << 16)) {
        out.write(chunk);
      }
      return new WavAudio(AudioFormat.DEFAULT, out.toByteArray());
    }
  }

  /**
   * Returns the next samples, at most {@code maxBytes} bytes of them and exactly that many unless the file ends
   * first; blocks while the decoder works.
   *
   * @param maxBytes an even number, at least 2
   * @return 16 kHz mono pcm_s16le bytes, or null once the file has ended
   * @throws IOException if decoding fails on the way (a damaged file, or ffmpeg's error)
   * @throws IllegalArgumentException if {@code maxBytes} is odd or below 2
   */
  public byte[] read(int maxBytes) throws IOException {
    if (maxBytes < BYTES_PER_SAMPLE || maxBytes % BYTES_PER_SAMPLE != 0) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + ": expected an even number of at least 2");
    }
    int wanted = maxBytes / BYTES_PER_SAMPLE;
    while (pending.length - pendingStart < wanted && !ended) {
      short[] more = source.next();
      if (more == null) {
        ended = true;
      } else {
        short[] joined = Arrays.copyOf(Arrays.copyOfRange(pending, pendingStart, pending.length),
            pending.length - pendingStart + more.length);
        System.arraycopy(more, 0, joined, pending.length - pendingStart, more.length);
        pending = joined;
        pendingStart = 0;
      }
    }
    int count = Math.min(wanted, pending.length - pendingStart);
    if (count == 0) {
      return null;
    }
    byte[] out = new byte[count * BYTES_PER_SAMPLE];
    for (int i = 0; i < count; i++) {
      short s = pending[pendingStart + i];
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    pendingStart += count;
    samplesRead += count;
    return out;
  }

  /** Seconds of 16 kHz audio returned by {@link #read} so far. */
  public double secondsRead() {
    return samplesRead / (double) AudioDecoder.OUTPUT_RATE;
  }

  /** Frees the decoded audio and ends ffmpeg if it still runs. Idempotent. */
  @Override
  public void close() {
    ended = true;
    pending = new short[0];
    source.close();
  }

  private static PcmSource sourceFor(Path file) throws IOException {
    if (isRiffWave(file)) {
      try {
        return new WavSource(WavReader.read(file));
      } catch (UnsupportedWavException e) {
        return FfmpegSource.start(file);
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    }
    return FfmpegSource.start(file);
  }

  private static boolean isRiffWave(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(RIFF_HEADER_SIZE);
      return head.length == RIFF_HEADER_SIZE
          && new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
          && new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE");
    }
  }

  /** Where decoded samples come from: 16 kHz mono, in pieces of any size. */
  sealed interface PcmSource permits WavSource, FfmpegSource {
    /** The next samples, possibly none; null at the end. */
    short[] next() throws IOException;

    /** Idempotent. */
    void close();
  }

  /** A WAV file held in memory, decoded and resampled {@value #SLICE_BYTES} bytes at a time. */
  static final class WavSource implements PcmSource {
    private static final int SLICE_BYTES = 1 << 16;
    private final WavAudio wav;
    private final AudioDecoder decoder;
    private int offset;
    private boolean finished;

    WavSource(WavAudio wav) {
      this.wav = wav;
      this.decoder = new AudioDecoder(wav.format());
    }

    @Override
    public short[] next() {
      if (offset < wav.data().length) {
        int end = Math.min(wav.data().length, offset + SLICE_BYTES);
        short[] out = decoder.decode(Arrays.copyOfRange(wav.data(), offset, end));
        offset = end;
        return out;
      }
      if (finished) {
        return null;
      }
      finished = true;
      return decoder.finish();
    }

    @Override
    public void close() {
      offset = wav.data().length;
      finished = true;
    }
  }
}
