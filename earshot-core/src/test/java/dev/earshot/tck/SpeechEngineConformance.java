package dev.earshot.tck;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.Transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SpeechEngine} promises, run on the real engine: each engine module's tests
 * extend this class (from earshot-core's test jar) with a way to open its engine and a recording
 * it transcribes.
 *
 * <p>The tests that close the engine open their own; the others share one per class, since
 * opening an engine loads its model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SpeechEngineConformance {

    /** One second at 16 kHz: enough for any engine to do native work on it. */
    private static final int ONE_SECOND = 16_000;

    /** The engine of the tests that leave it open, which must leave it without open recognizers. */
    private SpeechEngine engine;

    /** A newly opened engine of the module under test; the test closes it. */
    protected abstract SpeechEngine openEngine();

    /** A few seconds of 16 kHz mono speech that the engine turns into some words. */
    protected abstract short[] speech();

    /** Whether the engine promises the same text whatever the chunking of its audio (PocketSphinx and Whisper do). */
    protected boolean sameTextWhateverTheChunking() {
        return true;
    }

    @BeforeAll
    final void open() {
        engine = openEngine();
    }

    @AfterAll
    final void close() {
        engine.close();
    }

    @Test
    void describesItself() {
        assertThat(engine.id()).isNotBlank();
        assertThat(engine.info().languages()).allSatisfy(l -> assertThat(l).matches("[a-z]{2}"));
        assertThat(engine.info().audio().sampleRate()).isEqualTo(16_000);
        assertThat(engine.openRecognizers()).isZero();
    }

    @Test
    void closeIsIdempotentAndNeverThrows() {
        SpeechEngine own = openEngine();
        assertThatCode(() -> {
            own.close();
            own.close();
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> own.newRecognizer(StreamOptions.ofDelay(480))).isInstanceOf(EngineException.class);
        assertThat(own.openRecognizers()).isZero();
    }

    @Test
    void recognizersAreCountedUntilClosedOnce() {
        List<Recognizer> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(engine.newRecognizer(StreamOptions.ofDelay(480)));
            assertThat(engine.openRecognizers()).isEqualTo(i + 1);
        }
        open.getFirst().accept(samples(engine, Arrays.copyOf(speech(), ONE_SECOND)));
        open.getFirst().endUtterance();
        open.getFirst().close();
        open.getFirst().close();
        assertThat(engine.openRecognizers()).isEqualTo(2);
        open.forEach(Recognizer::close);
        assertThat(engine.openRecognizers()).isZero();
    }

    /** Once, accept and close threw RejectedExecutionException here and the count stayed at 1. */
    @Test
    void closingTheEngineUnderAnOpenStreamFailsItCleanly() {
        SpeechEngine own = openEngine();
        Recognizer r = own.newRecognizer(StreamOptions.ofDelay(480));
        short[] speech = speech();
        r.accept(samples(own, Arrays.copyOf(speech, ONE_SECOND)));
        own.close();
        Samples more = samples(own, Arrays.copyOfRange(speech, ONE_SECOND, 2 * ONE_SECOND));
        assertThatThrownBy(() -> r.accept(more)).isInstanceOf(EngineException.class);
        assertThatThrownBy(r::endUtterance).isInstanceOf(EngineException.class);
        assertThat(own.openRecognizers()).isEqualTo(1);
        assertThatCode(() -> {
            r.close();
            r.close();
        }).doesNotThrowAnyException();
        assertThat(own.openRecognizers()).isZero();
    }

    @Test
    void optionsItCannotHonourAreRefusedWithOneLine() {
        if (!engine.info().biasPhrases()) {
            assertThatThrownBy(() -> engine.newRecognizer(new StreamOptions(480, null, List.of("Earshot"), null)))
                    .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("\n");
        }
        if (!engine.info().detectsLanguage() && engine.info().languages().size() == 1) {
            String other = engine.info().languages().getFirst().equals("fr") ? "de" : "fr";
            assertThatThrownBy(() -> engine.newRecognizer(new StreamOptions(480, other, List.of(), null)))
                    .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("\n");
        }
        assertThat(engine.openRecognizers()).isZero();
    }

    @Test
    void samplesOfAnotherTypeAreRefused() {
        Samples wrong = switch (engine.info().audio().sampleType()) {
            case PCM_S16 -> new Samples.Float32(new float[ONE_SECOND]);
            case FLOAT32 -> new Samples.Pcm16(new short[ONE_SECOND]);
        };
        try (Recognizer r = engine.newRecognizer(StreamOptions.ofDelay(480))) {
            assertThatThrownBy(() -> r.accept(wrong)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sameTextWhateverTheChunkingWhereTheEnginePromisesIt() {
        byte[] pcm = littleEndian(speech());
        String whole = transcribe(pcm, pcm.length).text();
        assertThat(whole).isNotBlank();
        if (sameTextWhateverTheChunking()) {
            for (int chunk : List.of(3200, 1234, 77)) {
                assertThat(transcribe(pcm, chunk).text()).as("in chunks of %d bytes", chunk).isEqualTo(whole);
            }
        }
        assertThat(engine.openRecognizers()).isZero();
    }

    private Transcript transcribe(byte[] pcm, int chunkBytes) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < pcm.length; i += chunkBytes) {
            chunks.add(Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + chunkBytes)));
        }
        return StreamingTranscriber.transcribe(engine, new AudioFormat(AudioEncoding.PCM_S16LE, 16_000),
                StreamOptions.ofDelay(480), chunks.iterator(), event -> { });
    }

    /** {@code pcm} in the engine's sample type. */
    private static Samples samples(SpeechEngine engine, short[] pcm) {
        return Samples.of(pcm, engine.info().audio().sampleType());
    }

    private static byte[] littleEndian(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        return b.array();
    }
}
