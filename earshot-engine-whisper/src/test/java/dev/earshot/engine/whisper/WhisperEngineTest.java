package dev.earshot.engine.whisper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine on a generated model, fed a real recording through the streaming core. */
class WhisperEngineTest {

    /** 2.79 s of 16 kHz 16-bit speech ("go forward ten meters"). */
    static final Path RECORDING = Path.of("/usr/share/pocketsphinx/test/data/goforward.raw");
    static SpeechEngine engine;

    @BeforeAll
    static void open() {
        engine = new WhisperProvider().open(new ModelSpec("whisper-test", "whisper", WhisperModels.small().toString()));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static Transcript transcribe(SpeechEngine on, int delayMs, int chunkBytes, List<TextCommit> commits)
            throws IOException {
        return transcribe(on, Files.readAllBytes(RECORDING), delayMs, chunkBytes, commits);
    }

    static Transcript transcribe(SpeechEngine on, byte[] audio, int delayMs, int chunkBytes,
            List<TextCommit> commits) {
        List<TranscriptEvent> events = new ArrayList<>();
        try (StreamingTranscriber t = new StreamingTranscriber(on, AudioFormat.DEFAULT, StreamOptions.ofDelay(delayMs))) {
            for (int at = 0; at < audio.length; at += chunkBytes) {
                events.addAll(t.append(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + chunkBytes))));
            }
            events.addAll(t.finish());
            events.stream().filter(TextCommit.class::isInstance).map(TextCommit.class::cast).forEach(commits::add);
            return t.transcript();
        }
    }

    @Test
    void theArrangedSentenceComesOutExactlyWithWhispersCaseAndPunctuation() throws IOException {
        List<TextCommit> commits = new ArrayList<>();
        Transcript transcript = transcribe(engine, 480, 3_200, commits);
        assertThat(transcript.text()).isEqualTo(WhisperModels.SENTENCE);
        assertThat(String.join("", commits.stream().map(TextCommit::text).toList())).isEqualTo(transcript.text());
        assertThat(engine.openRecognizers()).isZero();
    }

    @Test
    void wordsCommittedBeforeTheEndAreAtLeastTheDelayOld() throws IOException {
        // The recording three times: the arranged model says its sentence in every window.
        byte[] once = Files.readAllBytes(RECORDING);
        byte[] thrice = new byte[once.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(once, 0, thrice, i * once.length, once.length);
        }
        List<TextCommit> commits = new ArrayList<>();
        Transcript transcript = transcribe(engine, thrice, 960, 640, commits);
        assertThat(transcript.text()).startsWith(WhisperModels.SENTENCE);
        assertThat(String.join("", commits.stream().map(TextCommit::text).toList())).isEqualTo(transcript.text());
        List<TextCommit> early = commits.subList(0, commits.size() - 1);
        assertThat(early).as("some words commit while the stream runs").isNotEmpty();
        for (TextCommit c : early) {
            c.words().forEach(w -> assertThat(c.audioMs() - w.endMs()).isGreaterThanOrEqualTo(960));
        }
    }

    @Test
    void englishOnlyModelsRefuseOtherLanguagesAndPcm() {
        assertThat(engine.info().languages()).containsExactly("en");
        assertThatThrownBy(() -> engine.newRecognizer(new StreamOptions(480, "de", List.of(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model whisper-test does not transcribe language 'de': expected en");
        try (Recognizer r = engine.newRecognizer(StreamOptions.ofDelay(480))) {
            assertThatThrownBy(() -> r.accept(new Samples.Pcm16(new short[10])))
                    .hasMessage("whisper takes float samples (FLOAT32), found 16-bit PCM");
        }
    }

    @Test
    void aMultilingualModelTakesTheSessionsLanguageOrDetectsOne() {
        Path model = WhisperModels.arranged("whisper-64x1.bin", ModelLayout.of(ModelLayout.VOCAB_ENGLISH + 1, 64, 1, 1));
        try (SpeechEngine multi = new WhisperProvider().open(new ModelSpec("whisper-multi", "whisper",
                model.toString()))) {
            assertThat(multi.info().detectsLanguage()).isTrue();
            assertThat(multi.info().languages()).hasSize(99).contains("en", "de", "fr");
            assertThat(languages(multi, "de")).containsOnly("de");
            // Whisper's detection, fixed at the first commit: one language for the whole stream.
            List<String> detected = languages(multi, null);
            assertThat(detected).hasSize(1);
            assertThat(multi.info().languages()).contains(detected.getFirst());
            assertThatThrownBy(() -> multi.newRecognizer(new StreamOptions(480, "xx", List.of(), null)))
                    .hasMessageStartingWith("model whisper-multi does not transcribe language 'xx': expected one of [en, ");
        }
    }

    /** The languages of the hypotheses of 4 s of silence and an utterance end. */
    private static List<String> languages(SpeechEngine on, String hint) {
        try (Recognizer r = on.newRecognizer(new StreamOptions(480, hint, List.of(), null))) {
            List<Hypothesis> all = new ArrayList<>(r.accept(new Samples.Float32(new float[64_000])));
            all.addAll(r.endUtterance());
            assertThat(all).isNotEmpty();
            assertThat(all.stream().flatMap(h -> h.words().stream()).map(w -> w.text()).toList())
                    .contains("Ask", "you.");
            return all.stream().map(Hypothesis::language).distinct().toList();
        }
    }

    @Test
    void closingTheEngineFailsOpenStreamsWhichStillCountDown() {
        SpeechEngine own = new WhisperProvider().open(new ModelSpec("whisper-own", "whisper",
                WhisperModels.small().toString()));
        Recognizer r = own.newRecognizer(StreamOptions.ofDelay(480));
        List<Hypothesis> before = r.accept(new Samples.Float32(new float[16_000]));
        assertThat(before).isNotNull();
        own.close();
        own.close();
        assertThatThrownBy(() -> r.accept(new Samples.Float32(new float[1_600])))
                .isInstanceOf(EngineException.class).hasMessage("model whisper-own was closed");
        assertThat(own.openRecognizers()).isEqualTo(1);
        r.close();
        r.close();
        assertThat(own.openRecognizers()).isZero();
        assertThatThrownBy(() -> own.newRecognizer(StreamOptions.ofDelay(480)))
                .isInstanceOf(EngineException.class).hasMessage("model whisper-own is closed");
    }

    @Test
    void aDamagedFileFailsWithOneLineNamingTheModel() throws IOException {
        byte[] bytes = Files.readAllBytes(WhisperModels.small());
        Path cut = Files.write(TestModels.OUT.resolve("cut.bin"), Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> new WhisperProvider().open(new ModelSpec("broken", "whisper", cut.toString())))
                .isInstanceOf(EngineException.class)
                .hasMessage("model broken: " + cut + ": damaged whisper model: n_mels: expected 4 more bytes at "
                        + "byte 40, found the end of the file (40 bytes; the file is cut short)");
        assertThatThrownBy(() -> new WhisperProvider().open(new ModelSpec("typo", "whisper", "tiny.en",
                java.util.Map.of("threds", "2"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model typo: unknown whisper option 'threds': expected workers, threads, audio-ctx or step-ms");
    }

    @Test
    void modelsInTheModelsFolderAreFoundByName() throws IOException {
        Path folder = Files.createDirectories(TestModels.OUT.resolve("folder"));
        Files.copy(WhisperModels.small(), folder.resolve("ggml-small-test.en.bin"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(folder.resolve("notes.txt"), "not a model");
        assertThat(new WhisperProvider().installed(folder)).containsExactly(
                new ModelSpec("whisper-small-test.en", "whisper", folder.resolve("ggml-small-test.en.bin").toString()));
        assertThat(new WhisperProvider().installed(folder.resolve("nowhere"))).isEmpty();
    }
}
