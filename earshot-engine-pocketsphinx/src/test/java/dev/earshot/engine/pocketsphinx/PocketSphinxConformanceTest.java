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

    @Override
    protected short[] speech() {
        try {
            return PocketSphinxEngineTest.samples("sense_and_sensibility_01_austen_64kb-0880.wav");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
