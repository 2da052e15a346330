package dev.earshot.audio;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decodes a file with Debian's {@code ffmpeg} in a child process, which writes 32-bit float WAV at the file's own
 * rate and channels to its standard output; this class downmixes and resamples to 16 kHz as it reads.
 *
 * <p>ffmpeg reads only local files ({@code -protocol_whitelist file}) through the demuxers of
 * {@link #DEMUXERS}, so an uploaded playlist (HLS, concat) cannot make it open other files or URLs.
 */
final class FfmpegSource implements AudioFileReader.PcmSource {
  /**
   * Containers people record speech in. A demuxer's name as ffmpeg lists it may itself hold commas
   * ({@code mov,mp4,m4a,3gp,3g2,mj2}); ffmpeg matches each comma-separated part.
   */
  static final String DEMUXERS = "wav,w64,rf64,aiff,caf,au,flac,mp3,aac,ogg,matroska,webm,mov,mp4,m4a,3gp,amr";
  /** Frames read per {@link #next}: 8192 frames of 48 kHz stereo floats are 64 KiB, 170 ms. */
  private static final int BLOCK_FRAMES = 8192;
  /** ffmpeg's error output kept for the message; the rest is drained and dropped. */
  private static final int MAX_STDERR_BYTES = 4096;
  private static final int MAX_SUMMARY_CHARS = 300;
  /** The {@code [demuxer @ 0x55d1c0a4ba40] } that ffmpeg puts before a component's messages. */
  private static final Pattern CONTEXT_PREFIX = Pattern.compile("^\\[[^]]* @ 0x[0-9a-f]+\\] ");
  private static final int FLOAT_TAG = 3;
  private static final int EXTENSIBLE_TAG = 0xFFFE;
  private static final int SUBFORMAT_OFFSET = 24;

  private final Path file;
  private final Process process;
  private final DataInputStream in;
  private final Thread stderrReader;
  private final StringBuilder stderr = new StringBuilder();
  private int channels;
  private Resampler resampler;
  private boolean ended;

  private FfmpegSource(Path file, Process process) {
    this.file = file;
    this.process = process;
    this.in = new DataInputStream(process.getInputStream());
    this.stderrReader = Thread.ofVirtual().name("ffmpeg-stderr").start(this::collectStderr);
  }

  /**
   * Starts ffmpeg on {@code file} and reads the header of its output.
   *
   * @throws IOException naming the file if ffmpeg is missing or refuses the file
   */
  static FfmpegSource start(Path file) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command(file)).start();
    } catch (IOException e) {
      throw new IOException("cannot decode " + file + ": ffmpeg is not installed (expected an 'ffmpeg' "
          + "executable on the PATH; on Debian: apt-get install ffmpeg)", e);
    }
    process.getOutputStream().close();
    FfmpegSource source = new FfmpegSource(file, process);
    try {
      source.readHeader();
      return source;
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }

  static List<String> command(Path file) {
    return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
        "-protocol_whitelist", "file", "-format_whitelist", DEMUXERS,
        "-i", "file:" + file.toAbsolutePath(), "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-c:a", "pcm_f32le", "-f", "wav", "-");
  }

  /** Walks ffmpeg's WAV header up to the data chunk, whose size it leaves open on a pipe. */
  private void readHeader() throws IOException {
    byte[] riff = new byte[12];
    if (in.readNBytes(riff, 0, riff.length) < riff.length) {
      throw failure();
    }
    while (true) {
      byte[] header = in.readNBytes(8);
      if (header.length < 8) {
        throw failure();
      }
      String id = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
      long size = WavReader.readUint32(header, 4);
      if (id.equals("data")) {
        return;
      }
      byte[] body = in.readNBytes((int) (size + (size & 1)));
      if (id.equals("fmt ")) {
        format(body);
      }
    }
  }

  private void format(byte[] fmt) throws IOException {
    int tag = WavReader.readUint16(fmt, 0);
    if (tag == EXTENSIBLE_TAG) {
      tag = WavReader.readUint16(fmt, SUBFORMAT_OFFSET);
    }
    channels = WavReader.readUint16(fmt, 2);
    long rate = WavReader.readUint32(fmt, 4);
    int bits = WavReader.readUint16(fmt, 14);
    if (tag != FLOAT_TAG || bits != 32 || channels == 0 || rate == 0 || rate > Integer.MAX_VALUE) {
      throw new IOException("cannot decode " + file + ": expected ffmpeg to write 32-bit float WAV, found tag "
          + tag + ", " + bits + " bits, " + channels + " channel(s) at " + rate + " Hz");
    }
    resampler = new Resampler((int) rate, AudioDecoder.OUTPUT_RATE);
  }

  @Override
  public short[] next() throws IOException {
    if (ended) {
      return null;
    }
    int frameBytes = channels * Float.BYTES;
    byte[] block = in.readNBytes(BLOCK_FRAMES * frameBytes);
    int frames = block.length / frameBytes;
    if (frames > 0) {
      return AudioDecoder.toPcm16(resampler.process(downmix(block, frames)));
    }
    ended = true;
    if (exitCode() != 0) {
      throw failure();
    }
    return AudioDecoder.toPcm16(resampler.finish());
  }

  private float[] downmix(byte[] block, int frames) {
    float[] mono = new float[frames];
    int offset = 0;
    for (int frame = 0; frame < frames; frame++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += Float.intBitsToFloat(SampleCodec.readInt32(block, offset));
        offset += Float.BYTES;
      }
      mono[frame] = sum / channels;
    }
    return mono;
  }

  /** What ffmpeg said, as one line naming the file. */
  private IOException failure() {
    exitCode();
    String said;
    synchronized (stderr) {
      said = stderr.toString();
    }
    return new IOException("cannot decode " + file + ": expected an audio file (wav, mp3, m4a/aac, ogg/opus, "
        + "webm, flac), ffmpeg says: " + summary(said, "file:" + file.toAbsolutePath() + ": "));
  }

  /**
   * ffmpeg's error lines joined into one, without the {@code [mp3 @ 0x...]} context prefixes and the file name it
   * repeats, and cut to {@value #MAX_SUMMARY_CHARS} characters.
   */
  static String summary(String stderr, String filePrefix) {
    if (stderr.contains("matches no streams")) {
      return "the file has no audio stream";
    }
    String joined = stderr.lines()
        .map(line -> CONTEXT_PREFIX.matcher(line).replaceFirst(""))
        .map(line -> line.startsWith(filePrefix) ? line.substring(filePrefix.length()) : line)
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .distinct()
        .collect(Collectors.joining("; "));
    if (joined.isEmpty()) {
      return "no output";
    }
    return joined.length() <= MAX_SUMMARY_CHARS ? joined : joined.substring(0, MAX_SUMMARY_CHARS) + "...";
  }

  private int exitCode() {
    try {
      stderrReader.join(TimeUnit.SECONDS.toMillis(10));
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }

  private void collectStderr() {
    try (InputStream err = process.getErrorStream()) {
      byte[] buffer = new byte[1024];
      for (int n = err.read(buffer); n >= 0; n = err.read(buffer)) {
        synchronized (stderr) {
          if (stderr.length() < MAX_STDERR_BYTES) {
            stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      // The process was destroyed: nothing more to say.
    }
  }

  @Override
  public void close() {
    ended = true;
    process.destroy();
    try {
      in.close();
    } catch (IOException e) {
      // Closing a pipe whose other end is gone: nothing to free beyond it.
    }
  }
}
