package dev.earshot.engine.pocketsphinx;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.tck.SpeechEngineConformance;
import dev.earshot.models.ModelConfig;

/** The engine SPI's promises, on Debian's US English model through the provider. */
class PocketSphinxConformanceTest extends SpeechEngineConformance {

    @Override
    protected SpeechEngine openEngine() {
        return new PocketSphinxProvider().open(ModelConfig.DEFAULT_MODEL.withOption("workers", "1"));
    }

    /** "your power is sufficient i said", 2.59 s: the engine decodes it in about half the CPU time of 0880 (3 s). */
    @Override
    protected short[] speech() {
        try {
            return PocketSphinxEngineTest.samples(StreamingTranscriberTest.TIMIT.resolveSibling(
                    "dsexamples_8455-210777-0068.wav"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
