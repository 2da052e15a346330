package dev.earshot.engine.pocketsphinx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;
import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.engine.Word;
import dev.earshot.models.ModelConfig;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptEvent;
import dev.earshot.streaming.TranscriptSegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The transcriber on the real engine with real recordings. */
class StreamingTranscriberTest {

    static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    static final Path TIMIT = Path.of(System.getProperty("earshot.shared.dir", "../shared"),
            "eval/fetched/deepspeech_LDC93S1.wav");
    static SpeechEngine engine;

    @BeforeAll
    static void open() {
        engine = new PocketSphinxProvider().open(ModelConfig.DEFAULT_MODEL.withOption("workers", "1"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Everything a stream delivered, in order: {@link TextCommit}s and {@link TranscriptSegment}s. */
    record Run(Transcript transcript, List<TranscriptEvent> events) {
        List<TextCommit> commits() {
            return events.stream().filter(TextCommit.class::isInstance).map(TextCommit.class::cast).toList();
        }

        List<TranscriptSegment> segments() {
            return events.stream().filter(TranscriptSegment.class::isInstance).map(TranscriptSegment.class::cast).toList();
        }
    }

    /** Runs already made in this class, by recording and delay (in 3200-byte chunks): each costs its audio's decoding. */
    private static final Map<String, Run> RUNS = new HashMap<>();

    /** The librivox recording {@code id} in 3200-byte chunks at {@code delayMs}, decoded once per class. */
    static synchronized Run librivox(String id, int delayMs) {
        return RUNS.computeIfAbsent(id + "@" + delayMs, key -> {
            try {
                return run(WavReader.read(LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-" + id + ".wav")),
                        delayMs, 3200);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Run run(WavAudio wav, int delayMs, int chunkBytes) {
        List<TranscriptEvent> events = new ArrayList<>();
        try (StreamingTranscriber t = new StreamingTranscriber(engine, wav.format(), new TargetDelay(delayMs))) {
            byte[] data = wav.data();
            for (int i = 0; i < data.length; i += chunkBytes) {
                events.addAll(t.append(Arrays.copyOfRange(data, i, Math.min(data.length, i + chunkBytes))));
            }
            events.addAll(t.finish());
            return new Run(t.transcript(), events);
        }
    }

    /**
     * Each delay once, on one of two recordings: 0 and 480 ms commit the tree search's partial
     * results, 2400 ms also the best-path pass's final ones.
     */
    @Test
    void deltasAreAppendOnlyAndRespectTheDelayOnRealSpeech() {
        assertDeltasAppendOnlyAndLate("0920", 0);
        assertDeltasAppendOnlyAndLate("0930", 480);
        assertDeltasAppendOnlyAndLate("0920", 2400);
    }

    private static void assertDeltasAppendOnlyAndLate(String id, int delay) {
        Run run = librivox(id, delay);
        String joined = String.join("", run.commits().stream().map(TextCommit::text).toList());
        assertThat(joined).as("deltas of %s at %d ms", id, delay).isEqualTo(run.transcript().text());
        assertThat(joined).doesNotStartWith(" ").doesNotContain("  ").isNotBlank();
        List<TranscriptEvent> events = run.events();
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i) instanceof TextCommit c)) {
                continue;
            }
            // A word is committed before the delay has passed only where its utterance ends.
            boolean endsUtterance = i + 1 < events.size() && events.get(i + 1) instanceof TranscriptSegment;
            for (Word w : c.words()) {
                assertThat(w.endMs() + delay <= c.audioMs() || endsUtterance)
                        .as("%s committed at %d ms with delay %d", w, c.audioMs(), delay).isTrue();
            }
        }
        String segmentsText = String.join(" ", run.segments().stream().map(TranscriptSegment::text).toList());
        assertThat(segmentsText).isEqualTo(run.transcript().text());
    }

    @Test
    void aLongerDelayNeverCommitsEarlier() {
        Run fast = librivox("0920", 240);
        Run slow = librivox("0920", 2400);
        long fastFirst = fast.commits().getFirst().audioMs();
        long slowFirst = slow.commits().getFirst().audioMs();
        assertThat(slowFirst).isGreaterThan(fastFirst);
    }

    /**
     * A delay longer than each utterance leaves every word to the utterance's final result, so the
     * text is the library's own for the same search: {@code pocketsphinx_continuous} with the
     * best-path pass and without the forward-flat one ({@link SearchPasses#TREE_THEN_BESTPATH}),
     * which reads the voice detector as the recognizer does.
     */
    @Test
    void aDelayLongerThanTheUtteranceGivesTheLibrarysOwnBestPathText(@TempDir Path dir) throws Exception {
        // Two recordings in one file, so that the library loads its model (most of its time on a
        // few seconds of audio) once.
        Path file = dir.resolve("0920-0930.wav");
        Process sox = new ProcessBuilder("sox", LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-0920.wav")
                .toString(), LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-0930.wav").toString(),
                file.toString()).inheritIO().start();
        assertThat(sox.waitFor()).as("exit status of sox").isZero();
        String library = continuous(file, "-fwdflat", "no", "-bestpath", "yes");
        assertThat(library).contains("respectable").contains("himself");
        assertThat(run(WavReader.read(file), 10_000, 3200).transcript().text()).isEqualTo(library);
    }

    /** Debian's {@code pocketsphinx_continuous} on {@code wav} with its default model: its lines joined. */
    static String continuous(Path wav, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pocketsphinx_continuous", "-infile", wav.toString(),
                "-logfn", "/dev/null"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("exit status of %s", command).isZero();
        return String.join(" ", out.strip().split("\\s+"));
    }

    /**
     * The same audio gives the same text on every decoder of a worker: the first one and those
     * loaded later to share its language model, fresh or reused (once, decoders given the model
     * through the first decoder's search scored words differently: "new england" for "to a great").
     */
    @Test
    void sameTextOnEveryDecoderWhateverTheChunking() throws IOException {
        WavAudio wav = resampledTo32k(WavReader.read(TIMIT));
        String first = run(wav, 720, 20_000).transcript().text();
        assertThat(first).contains("she had");
        List<Recognizer> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertThat(run(wav, 720, 777 + i * 1000).transcript().text()).as("decoder %d", i).isEqualTo(first);
            held.add(engine.newRecognizer(StreamOptions.ofDelay(720))); // the next run gets a newly loaded decoder
        }
        held.forEach(Recognizer::close);
        assertThat(run(wav, 720, 20_000).transcript().text()).isEqualTo(first);
        assertThat(engine.openRecognizers()).isZero();
    }

    /** Doubles the rate by linear interpolation, so that the decoder's resampler is in the path. */
    static WavAudio resampledTo32k(WavAudio wav) {
        short[] in = new short[wav.data().length / 2];
        ByteBuffer.wrap(wav.data()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(in);
        ByteBuffer out = ByteBuffer.allocate(in.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < in.length; i++) {
            int next = i + 1 < in.length ? in[i + 1] : in[i];
            out.putShort(in[i]).putShort((short) ((in[i] + next) / 2));
        }
        return new WavAudio(new AudioFormat(AudioEncoding.PCM_S16LE, 32000), out.array());
    }
}
