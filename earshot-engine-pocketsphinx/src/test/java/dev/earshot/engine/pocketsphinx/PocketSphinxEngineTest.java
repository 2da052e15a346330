package dev.earshot.engine.pocketsphinx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.earshot.audio.AudioDecoder;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.engine.Word;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PocketSphinxEngineTest {
    static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    static SpeechEngine engine;
    /** Texts of {@link #decode(short[], int)} in 1600-sample chunks, by recording, each decoded once per class. */
    private static final Map<String, String> PLAIN = new HashMap<>();

    @BeforeAll
    static void open() {
        engine = open(Runtime.getRuntime().availableProcessors());
    }

    static PocketSphinxEngine open(int workers) {
        return PocketSphinxEngine.open("pocketsphinx-en-us", "en", PocketSphinxModel.debianEnUs(), workers);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static short[] samples(String name) throws IOException {
        return samples(LIBRIVOX.resolve(name));
    }

    static short[] samples(Path file) throws IOException {
        var wav = WavReader.read(file);
        AudioDecoder d = new AudioDecoder(wav.format());
        short[] a = d.decode(wav.data());
        short[] b = d.finish();
        short[] all = new short[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The text of librivox recording {@code id} in 1600-sample chunks, decoded the first time it is asked for. */
    static synchronized String plain(String id) {
        return PLAIN.computeIfAbsent(id, key -> {
            try {
                return decode(samples("sense_and_sensibility_01_austen_64kb-" + key + ".wav"), 1600);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String decode(short[] audio, int chunk) {
        return decode(audio, chunk, List.of());
    }

    static String decode(short[] audio, int chunk, List<String> biasPhrases) {
        StringBuilder sb = new StringBuilder();
        try (Recognizer r = engine.newRecognizer(new StreamOptions(0, null, biasPhrases, null))) {
            for (int i = 0; i < audio.length; i += chunk) {
                short[] part = java.util.Arrays.copyOfRange(audio, i, Math.min(audio.length, i + chunk));
                append(sb, r.accept(new Samples.Pcm16(part)));
            }
            append(sb, r.endUtterance());
        }
        return sb.toString().trim();
    }

    static void append(StringBuilder sb, List<Hypothesis> hs) {
        for (Hypothesis h : hs) {
            if (h.utteranceEnded()) {
                for (Word w : h.words()) {
                    sb.append(' ').append(w.text());
                }
            }
        }
    }

    @Test
    void decodesRealSpeech() {
        assertThat(plain("0880")).contains("young man");
    }

    @Test
    void decodersSharingTheModelDecodeAsTheModelsOwnDoes() throws IOException {
        short[] audio = samples("sense_and_sensibility_01_austen_64kb-0930.wav");
        String alone = plain("0930");
        try (SpeechEngine oneWorker = open(1)) {
            List<Recognizer> open = new java.util.ArrayList<>();
            List<StringBuilder> texts = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                open.add(oneWorker.newRecognizer(StreamOptions.ofDelay(0)));
                texts.add(new StringBuilder());
            }
            for (int at = 0; at < audio.length; at += 1600) {
                short[] part = java.util.Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 1600));
                for (int i = 0; i < open.size(); i++) {
                    append(texts.get(i), open.get(i).accept(new Samples.Pcm16(part)));
                }
            }
            for (int i = 0; i < open.size(); i++) {
                append(texts.get(i), open.get(i).endUtterance());
                open.get(i).close();
                assertThat(texts.get(i).toString().trim()).as("stream %d", i).isEqualTo(alone);
            }
            assertThat(oneWorker.openRecognizers()).isZero();
        }
    }

    @Test
    void streamsOpenedAtOnceSpreadOverTheWorkers() throws Exception {
        try (PocketSphinxEngine twoWorkers = open(2)) {
            List<Recognizer> open = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    threads.submit(() -> open.add(twoWorkers.newRecognizer(StreamOptions.ofDelay(0))));
                }
            }
            assertThat(twoWorkers.streamsPerWorker()).containsExactly(2, 2);
            open.forEach(Recognizer::close);
            assertThat(twoWorkers.streamsPerWorker()).containsExactly(0, 0);
        }
    }

    @Test
    void sameAudioSameTextWhateverCameBefore() throws IOException {
        String first = plain("0880");
        assertThat(decode(samples("sense_and_sensibility_01_austen_64kb-0930.wav"), 1600)).isEqualTo(plain("0930"));
        assertThat(decode(samples("sense_and_sensibility_01_austen_64kb-0880.wav"), 333)).isEqualTo(first);
    }

    @Test
    void biasPhrasesBringOutARarePhraseAndLeaveTheNextStreamAsItWas() throws IOException {
        short[] audio = samples("sense_and_sensibility_01_austen_64kb-0880.wav");
        String plain = plain("0880");
        assertThat(plain).doesNotContain("ill disposed");

        assertThat(decode(audio, 1600, List.of("ill disposed"))).isEqualTo("he was not an ill disposed young man");
        assertThat(decode(audio, 1600)).isEqualTo(plain);
        assertThat(engine.openRecognizers()).isZero();
    }

    @Test
    void biasWordsMissingFromTheDictionaryAreNamedAndTheEngineGoesOn() throws IOException {
        short[] audio = samples("sense_and_sensibility_01_austen_64kb-0880.wav");
        String plain = plain("0880");

        assertThatThrownBy(() -> decode(audio, 1600, List.of("Dashwood", "Qzxvy Norland", "Blorptang.")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context_bias words not in the pocketsphinx dictionary: qzxvy, blorptang");
        assertThat(engine.openRecognizers()).isZero();
        assertThat(decode(audio, 1600)).isEqualTo(plain);
    }
}
