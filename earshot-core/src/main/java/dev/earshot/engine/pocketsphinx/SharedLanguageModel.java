package dev.earshot.engine.pocketsphinx;

import java.lang.foreign.MemorySegment;

import dev.earshot.engine.EngineException;

/**
 * Owns one reference ({@code ngram_model_retain}) to a worker's n-gram model, so that the model
 * outlives every decoder searching it, whichever of them is freed first.
 */
final class SharedLanguageModel implements AutoCloseable {

    private final MemorySegment model;
    private boolean closed;

    SharedLanguageModel(MemorySegment model) {
        try {
            this.model = PocketSphinxLibrary.requireNonNull(
                    (MemorySegment) PocketSphinxLibrary.NGRAM_MODEL_RETAIN.invokeExact(model), "ngram_model_retain");
        } catch (Throwable t) {
            throw t instanceof EngineException e ? e : new EngineException("ngram_model_retain failed", t);
        }
    }

    MemorySegment pointer() {
        if (closed) {
            throw new IllegalStateException("language model released");
        }
        return model;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int unused = (int) PocketSphinxLibrary.NGRAM_MODEL_FREE.invokeExact(model);
        } catch (Throwable t) {
            throw new EngineException("ngram_model_free failed", t);
        }
    }
}
