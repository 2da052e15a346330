package dev.earshot.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files made from a real recording by sox and ffmpeg, as a user's recorder would make them. */
class AudioFileReaderTest {
  private static final Path LIBRIVOX =
      Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // name, command after the input file ('OUT' is the output), lossless
      "stereo 44.1 kHz mp3, ffmpeg -ar 44100 OUT.mp3, false",
      "m4a (AAC in MP4), ffmpeg -ar 48000 -c:a aac OUT.m4a, false",
      "ADTS aac, ffmpeg -c:a aac OUT.aac, false",
      "ogg/opus, ffmpeg -c:a libopus OUT.ogg, false",
      "webm/opus, ffmpeg -c:a libopus OUT.webm, false",
      "flac, ffmpeg -c:a flac OUT.flac, true",
      "24-bit 96 kHz WAV, sox -b 24 -r 96000 OUT.wav, true",
      "8-bit unsigned WAV, sox -b 8 -e unsigned-integer OUT.wav, false",
      "64-bit float stereo WAV, ffmpeg -c:a pcm_f64le OUT.wav, true",
      "6 kHz WAV, sox -r 6000 OUT.wav, false",
  })
  void decodesEachFormatToTheRecordingAt16kHz(String name, String command, boolean lossless) throws Exception {
    // Both channels the recording: ffmpeg's own upmix would lower the level by 3 dB.
    Path stereo = dir.resolve("stereo.wav");
    run(List.of("sox", LIBRIVOX.toString(), "-c", "2", stereo.toString()));
    Path file = convert(name.contains("stereo") || command.startsWith("ffmpeg") ? stereo : LIBRIVOX, command);
    WavAudio original = WavReader.read(LIBRIVOX);

    WavAudio decoded = AudioFileReader.readAll(file);

    assertThat(decoded.format()).isEqualTo(AudioFormat.DEFAULT);
    // Lossy codecs pad to their frame size; raw ADTS AAC keeps its 1024-sample priming too.
    assertThat(decoded.seconds()).as(name).isCloseTo(original.seconds(), within(0.1));
    assertThat(rms(decoded)).as(name).isCloseTo(rms(original), within(rms(original) * 0.25));
    if (lossless) {
      // 40 dB signal to error: exact but for the two resamplings of the 96 kHz file.
      assertThat(rmsDifference(decoded, original)).as(name).isLessThan(rms(original) / 100);
    }
  }

  @Test
  void readsASupportedWavInProcessBitExactly() throws IOException {
    WavAudio decoded = AudioFileReader.readAll(LIBRIVOX);

    assertThat(decoded.data()).isEqualTo(WavReader.read(LIBRIVOX).data());
  }

  @Test
  void readsInChunksOfTheAskedSize() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    try (AudioFileReader reader = AudioFileReader.open(convert(LIBRIVOX, "ffmpeg OUT.flac"))) {
      for (byte[] chunk = reader.read(3200); chunk != null; chunk = reader.read(3200)) {
        sizes.add(chunk.length);
      }
      assertThat(reader.secondsRead()).isCloseTo(WavReader.read(LIBRIVOX).seconds(), within(0.001));
    }
    assertThat(sizes.subList(0, sizes.size() - 1)).containsOnly(3200);
    assertThat(sizes.getLast()).isBetween(2, 3200);
  }

  @Test
  void refusesAFileThatIsNotAudioInOneLine() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.mp3"), "these are not the sounds you are looking for\n");

    assertThatThrownBy(() -> AudioFileReader.open(text))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot decode " + text + ": expected an audio file (wav, mp3, m4a/aac, ogg/opus, webm, flac), "
            + "ffmpeg says: Failed to read frame size: Could not seek to 1068.; Invalid argument");
  }

  @Test
  void refusesRandomBytesInOneLine() throws IOException {
    byte[] noise = new byte[3000];
    new java.util.Random(7).nextBytes(noise);
    Path file = Files.write(dir.resolve("noise.bin"), noise);

    assertThatThrownBy(() -> AudioFileReader.open(file))
        .hasMessageEndingWith("ffmpeg says: Invalid data found when processing input");
  }

  @Test
  void refusesAVideoWithoutSound() throws Exception {
    Path video = dir.resolve("silent.mp4");
    run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=d=1:s=64x64", video.toString()));

    assertThatThrownBy(() -> AudioFileReader.open(video))
        .hasMessageEndingWith("ffmpeg says: the file has no audio stream");
  }

  @Test
  void refusesAPlaylistThatWouldMakeFfmpegOpenAnotherFile() throws Exception {
    Path playlist = Files.writeString(dir.resolve("list.m3u8"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:" + LIBRIVOX + "\n#EXT-X-ENDLIST\n");

    assertThatThrownBy(() -> AudioFileReader.open(playlist)).hasMessageStartingWith("cannot decode " + playlist);
  }

  @Test
  void keepsTheWavReadersMessageForADamagedWav() throws Exception {
    byte[] wav = Files.readAllBytes(LIBRIVOX);
    Path truncated = Files.write(dir.resolve("cut.wav"), java.util.Arrays.copyOf(wav, 1000));

    assertThatThrownBy(() -> AudioFileReader.open(truncated))
        .hasMessageStartingWith(truncated + ": truncated WAV file: 'data' chunk at byte");
  }

  @Test
  void namesAMissingFile() {
    Path missing = dir.resolve("missing.ogg");

    assertThatThrownBy(() -> AudioFileReader.open(missing)).isInstanceOf(NoSuchFileException.class);
  }

  private Path convert(Path input, String command) throws Exception {
    String[] words = command.split(" ");
    Path out = dir.resolve(words[words.length - 1].replace("OUT", "converted"));
    List<String> argv = new ArrayList<>();
    argv.add(words[0]);
    if (words[0].equals("ffmpeg")) {
      argv.addAll(List.of("-v", "error", "-y", "-i", input.toString()));
    } else {
      argv.add(input.toString());
    }
    for (int i = 1; i < words.length - 1; i++) {
      argv.add(words[i]);
    }
    argv.add(out.toString());
    run(argv);
    return out;
  }

  private static void run(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(argv + ": " + output).isZero();
  }

  private static double rms(WavAudio audio) {
    short[] s = samples(audio);
    double sum = 0;
    for (short v : s) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum / s.length);
  }

  private static double rmsDifference(WavAudio a, WavAudio b) {
    short[] x = samples(a);
    short[] y = samples(b);
    int n = Math.min(x.length, y.length);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += (double) (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.sqrt(sum / n);
  }

  private static short[] samples(WavAudio audio) {
    short[] out = new short[audio.data().length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) SampleCodec.readInt16(audio.data(), 2 * i);
    }
    return out;
  }
}
