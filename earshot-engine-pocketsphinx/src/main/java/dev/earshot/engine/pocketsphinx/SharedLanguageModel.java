package dev.earshot.engine.pocketsphinx;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import dev.earshot.engine.EngineException;

/**
 * Owns one n-gram model read with {@code ngram_model_read}, for the decoders of one worker to
 * search with. Each decoder's search retains it too, so it outlives whichever is freed first.
 *
 * <p>The model must be read here rather than taken from a decoder loaded with {@code -lm}:
 * {@code ps_get_lm} returns the search's wrapper around the model, and a decoder given that
 * wrapper scores words differently from one given the model itself (measured: "to a great"
 * became "new england" on one recording).
 */
final class SharedLanguageModel implements AutoCloseable {

    private final MemorySegment model;
    private boolean closed;

    private SharedLanguageModel(MemorySegment model) {
        this.model = model;
    }

    /**
     * Reads the model as pocketsphinx reads {@code -lm}: weighted by the decoder configuration's
     * {@code -lw} and {@code -wip} (without them every word scores as if the language weight were
     * 1), with its scores in the log base of {@code logmath}, which must outlive the model and
     * match every decoder's (they all use the default {@code -logbase}).
     */
    static SharedLanguageModel read(Path file, MemorySegment config, MemorySegment logmath) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toString());
            MemorySegment model = (MemorySegment) PocketSphinxLibrary.NGRAM_MODEL_READ.invokeExact(
                    config, path, PocketSphinxLibrary.NGRAM_AUTO, logmath);
            return new SharedLanguageModel(PocketSphinxLibrary.requireNonNull(model, "ngram_model_read " + file));
        } catch (Throwable t) {
            throw t instanceof EngineException e ? e : new EngineException("ngram_model_read failed", t);
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
