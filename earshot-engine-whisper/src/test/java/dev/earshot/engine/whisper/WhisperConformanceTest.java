package dev.earshot.engine.whisper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.tck.SpeechEngineConformance;

/** The engine SPI's promises, on the small arranged model through the provider. */
class WhisperConformanceTest extends SpeechEngineConformance {

    @Override
    protected SpeechEngine openEngine() {
        return new WhisperProvider().open(new ModelSpec("whisper-conformance", "whisper",
                WhisperModels.small().toString()));
    }

    /**
     * The recording three times (8.4 s): the arranged model says its sentence in every window, so
     * how often it comes out follows where the decodes fall and which audio each window drops.
     */
    @Override
    protected short[] speech() {
        try {
            byte[] pcm = Files.readAllBytes(WhisperEngineTest.RECORDING);
            short[] once = new short[pcm.length / 2];
            ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(once);
            short[] samples = new short[once.length * 3];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(once, 0, samples, i * once.length, once.length);
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
