package dev.earshot.engine.pocketsphinx;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.Word;

import static dev.earshot.engine.pocketsphinx.PocketSphinxLibrary.requireNonNegative;
import static dev.earshot.engine.pocketsphinx.PocketSphinxLibrary.requireNonNull;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Owns one native {@code ps_decoder_t}. Loaded on any thread (it shares nothing yet); from
 * {@link #search} on, every method, {@link #close()} included, runs on its {@link Worker}'s thread,
 * because the decoder then shares that worker's language model, whose lookup cache is not safe for
 * concurrent use.
 */
final class Decoder implements AutoCloseable {

    /** Pocketsphinx frames are 10 ms apart (the default {@code -frate} of 100). */
    private static final int MS_PER_FRAME = 10;
    /** Pronunciation variants come back as {@code word(2)}; the text is the part before. */
    private static final Pattern VARIANT = Pattern.compile("\\(\\d+\\)$");
    /** The name of a session's biased search, beside {@link PocketSphinxLibrary#DEFAULT_SEARCH}. */
    private static final String BIASED_SEARCH = "earshot_bias";

    private final SearchPasses passes;
    private final Arena arena;
    private final MemorySegment decoder;
    private final MemorySegment cmn;
    /** The live cepstral mean normaliser's mean, variance and sum vectors, in native memory. */
    private final MemorySegment[] cmnVectors;
    /** Their values and frame count when the decoder was loaded, restored for every stream. */
    private final float[][] initialCmnVectors;
    private final int initialCmnFrames;
    private final MemorySegment samples;
    private final MemorySegment frames;
    /** Whether the current search is a session's {@link #searchBiased biased} one. */
    private boolean biased;
    private boolean closed;

    private Decoder(SearchPasses passes, Arena arena, MemorySegment decoder, int maxBlockSamples) {
        this.passes = passes;
        this.arena = arena;
        this.decoder = decoder;
        this.cmn = cmnOf(decoder);
        int veclen = cmn.get(JAVA_INT, PocketSphinxLibrary.CMN_VECLEN_OFFSET);
        if (veclen <= 0 || veclen > 64) {
            throw new EngineException("unexpected feat_t layout: expected a cepstral vector of 1 to 64 values, found "
                    + veclen + " (is libpocketsphinx3 0.8+5prealpha installed?)");
        }
        this.cmnVectors = new MemorySegment[PocketSphinxLibrary.CMN_VECTOR_OFFSETS.length];
        this.initialCmnVectors = new float[cmnVectors.length][];
        for (int i = 0; i < cmnVectors.length; i++) {
            cmnVectors[i] = requireNonNull(cmn.get(ADDRESS, PocketSphinxLibrary.CMN_VECTOR_OFFSETS[i]), "cmn_t vector")
                    .reinterpret(veclen * JAVA_FLOAT.byteSize());
            initialCmnVectors[i] = cmnVectors[i].toArray(JAVA_FLOAT);
        }
        this.initialCmnFrames = cmn.get(JAVA_INT, PocketSphinxLibrary.CMN_NFRAME_OFFSET);
        this.samples = arena.allocate(JAVA_SHORT, maxBlockSamples);
        this.frames = arena.allocate(JAVA_INT, 2);
    }

    /**
     * Loads a decoder with no search yet: {@link #search} gives it its language model.
     *
     * @param arguments decoder arguments that make searches with {@code passes}
     */
    static Decoder create(SearchPasses passes, List<String> arguments, int maxBlockSamples) {
        Arena arena = Arena.ofShared();
        try {
            return new Decoder(passes, arena, init(arena, arguments), maxBlockSamples);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment init(Arena arena, List<String> arguments) {
        MemorySegment argv = arena.allocate(ADDRESS, arguments.size());
        for (int i = 0; i < arguments.size(); i++) {
            argv.setAtIndex(ADDRESS, i, arena.allocateFrom(arguments.get(i)));
        }
        MemorySegment config = requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.CMD_LN_PARSE_R
                .invokeExact(MemorySegment.NULL, (MemorySegment) PocketSphinxLibrary.PS_ARGS.invokeExact(),
                        arguments.size(), argv, 1)), "cmd_ln_parse_r " + arguments);
        try {
            return requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_INIT.invokeExact(config)),
                    "ps_init (see the engine log for the reason)");
        } finally {
            // ps_init retains the configuration it keeps.
            call(() -> { int unused = (int) PocketSphinxLibrary.CMD_LN_FREE_R.invokeExact(config); });
        }
    }

    SearchPasses passes() {
        return passes;
    }

    /** Searches with {@code lm} from now on; the search retains it. */
    void search(SharedLanguageModel lm) {
        MemorySegment name = arena.allocateFrom(PocketSphinxLibrary.DEFAULT_SEARCH);
        MemorySegment model = lm.pointer();
        requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_SET_LM.invokeExact(decoder, name, model)),
                "ps_set_lm");
        requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_SET_SEARCH.invokeExact(decoder, name)),
                "ps_set_search");
    }

    /**
     * Searches with {@code lm} and {@code bias} together until {@link #unbias()}: a search of its
     * own, built over the whole dictionary like the default one (0.1 to 0.2 s on the worker), so
     * the default search stays as it is for the next stream. Between streams only.
     *
     * @throws IllegalArgumentException naming the bias words the dictionary lacks; nothing changed
     */
    void searchBiased(SharedLanguageModel lm, BiasModel bias) {
        bias.requireWords(this::knows, "pocketsphinx");
        MemorySegment set = combine(lm, read(bias));
        try (Arena call = Arena.ofConfined()) {
            MemorySegment name = call.allocateFrom(BIASED_SEARCH);
            requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_SET_LM.invokeExact(decoder, name, set)),
                    "ps_set_lm (bias)");
            requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_SET_SEARCH.invokeExact(decoder, name)),
                    "ps_set_search (bias)");
            biased = true;
        } finally {
            // The search retains the set; this drops the reference combine() returned.
            call(() -> { int unused = (int) PocketSphinxLibrary.NGRAM_MODEL_FREE.invokeExact(set); });
        }
    }

    /**
     * An interpolated set of the two models with weight 1 each, so that a word's score is the
     * log of the sum of the two models' (weighted) probabilities. The set owns {@code biasModel}
     * and a new reference to {@code lm}.
     */
    private MemorySegment combine(SharedLanguageModel lm, MemorySegment biasModel) {
        MemorySegment base;
        try {
            base = requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.NGRAM_MODEL_RETAIN
                    .invokeExact(lm.pointer())), "ngram_model_retain");
        } catch (RuntimeException e) {
            call(() -> { int unused = (int) PocketSphinxLibrary.NGRAM_MODEL_FREE.invokeExact(biasModel); });
            throw e;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment models = call.allocate(ADDRESS, 2);
            models.setAtIndex(ADDRESS, 0, base);
            models.setAtIndex(ADDRESS, 1, biasModel);
            MemorySegment names = call.allocate(ADDRESS, 2);
            names.setAtIndex(ADDRESS, 0, call.allocateFrom("base"));
            names.setAtIndex(ADDRESS, 1, call.allocateFrom("bias"));
            MemorySegment weights = call.allocateFrom(JAVA_FLOAT, 1f, 1f);
            MemorySegment config = config();
            MemorySegment set = callPointer(() -> (MemorySegment) PocketSphinxLibrary.NGRAM_MODEL_SET_INIT
                    .invokeExact(config, models, names, weights, 2));
            if (set.equals(MemorySegment.NULL)) {
                call(() -> {
                    int unused = (int) PocketSphinxLibrary.NGRAM_MODEL_FREE.invokeExact(base);
                    unused = (int) PocketSphinxLibrary.NGRAM_MODEL_FREE.invokeExact(biasModel);
                });
                throw new EngineException("ngram_model_set_init failed: returned NULL");
            }
            return set;
        }
    }

    /** Whether the pronunciation dictionary has {@code word}. */
    boolean knows(String word) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment text = call.allocateFrom(word);
            return !callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_LOOKUP_WORD.invokeExact(decoder, text))
                    .equals(MemorySegment.NULL);
        }
    }

    /** Back to the default search, freeing a biased one. Between streams only; idempotent. */
    void unbias() {
        if (!biased) {
            return;
        }
        biased = false;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment defaultName = call.allocateFrom(PocketSphinxLibrary.DEFAULT_SEARCH);
            requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_SET_SEARCH.invokeExact(decoder, defaultName)),
                    "ps_set_search");
            MemorySegment name = call.allocateFrom(BIASED_SEARCH);
            requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_UNSET_SEARCH.invokeExact(decoder, name)),
                    "ps_unset_search");
        }
    }

    /**
     * Reads {@code bias} as {@code -lm} is read (weighted by {@code -lw} and {@code -wip}, in this
     * decoder's log base). sphinxbase reads models only from files, so it goes through a temporary
     * one, deleted at once.
     */
    private MemorySegment read(BiasModel bias) {
        Path file = null;
        try (Arena call = Arena.ofConfined()) {
            file = Files.createTempFile("earshot-bias", ".arpa");
            Files.writeString(file, bias.arpa());
            MemorySegment path = call.allocateFrom(file.toString());
            MemorySegment config = config();
            MemorySegment logmath = logmath();
            return requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.NGRAM_MODEL_READ.invokeExact(
                    config, path, PocketSphinxLibrary.NGRAM_ARPA, logmath)), "ngram_model_read (bias)");
        } catch (IOException e) {
            throw new EngineException("cannot write the bias model: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind is harmless; the decode goes on.
            }
        }
    }

    private static MemorySegment cmnOf(MemorySegment decoder) {
        MemorySegment feat = requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_GET_FEAT
                .invokeExact(decoder)), "ps_get_feat").reinterpret(PocketSphinxLibrary.FEAT_CMN_STRUCT_OFFSET + 8);
        return requireNonNull(feat.get(ADDRESS, PocketSphinxLibrary.FEAT_CMN_STRUCT_OFFSET), "feat_t.cmn_struct")
                .reinterpret(PocketSphinxLibrary.CMN_SIZE);
    }

    /** The decoder's configuration, whose {@code -lw} and {@code -wip} a language model for it is read with. */
    MemorySegment config() {
        return requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_GET_CONFIG.invokeExact(decoder)),
                "ps_get_config");
    }

    /** The decoder's log-math table, which a language model for it must be read with. */
    MemorySegment logmath() {
        return requireNonNull(callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_GET_LOGMATH.invokeExact(decoder)),
                "ps_get_logmath");
    }

    /**
     * Starts a new stream at time zero with the state of a freshly loaded decoder: the live
     * cepstral mean otherwise carries over from the last stream, and the same audio would then
     * decode differently depending on what this decoder heard before.
     */
    void startStream() {
        // cmn_live_set() is no reset: it also fills the running sum as if 500 frames had been
        // heard, and a decoder so set decodes differently from a fresh one (measured).
        for (int i = 0; i < cmnVectors.length; i++) {
            MemorySegment.copy(initialCmnVectors[i], 0, cmnVectors[i], JAVA_FLOAT, 0, initialCmnVectors[i].length);
        }
        cmn.set(JAVA_INT, PocketSphinxLibrary.CMN_NFRAME_OFFSET, initialCmnFrames);
        requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_START_STREAM.invokeExact(decoder)), "ps_start_stream");
        startUtterance();
    }

    void startUtterance() {
        requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_START_UTT.invokeExact(decoder)), "ps_start_utt");
    }

    void endUtterance() {
        requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_END_UTT.invokeExact(decoder)), "ps_end_utt");
    }

    /** Decodes {@code count} samples of {@code block}; returns whether the voice detector hears speech. */
    boolean process(short[] block, int count) {
        MemorySegment.copy(block, 0, samples, JAVA_SHORT, 0, count);
        requireNonNegative(callInt(() -> (int) PocketSphinxLibrary.PS_PROCESS_RAW.invokeExact(
                decoder, samples, (long) count, 0, 0)), "ps_process_raw");
        return callInt(() -> (int) (byte) PocketSphinxLibrary.PS_GET_IN_SPEECH.invokeExact(decoder)) != 0;
    }

    /** The best word sequence so far in the current utterance (or the last one, after it ended). */
    List<Word> words() {
        List<Word> words = new ArrayList<>();
        MemorySegment seg = callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_SEG_ITER.invokeExact(decoder));
        while (!seg.equals(MemorySegment.NULL)) {
            MemorySegment current = seg;
            String text = callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_SEG_WORD.invokeExact(current))
                    .reinterpret(Long.MAX_VALUE).getString(0);
            call(() -> { PocketSphinxLibrary.PS_SEG_FRAMES.invokeExact(current, frames, frames.asSlice(4)); });
            if (isWord(text)) {
                words.add(new Word(VARIANT.matcher(text).replaceFirst(""),
                        (long) frames.getAtIndex(JAVA_INT, 0) * MS_PER_FRAME,
                        (long) (frames.getAtIndex(JAVA_INT, 1) + 1) * MS_PER_FRAME));
            }
            seg = callPointer(() -> (MemorySegment) PocketSphinxLibrary.PS_SEG_NEXT.invokeExact(current));
        }
        return words;
    }

    /** Fillers ({@code <s>}, {@code <sil>}, {@code [NOISE]}, {@code ++BREATH++}) are not words. */
    private static boolean isWord(String text) {
        return !text.isEmpty() && text.charAt(0) != '<' && text.charAt(0) != '[' && !text.startsWith("++");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        call(() -> { int unused = (int) PocketSphinxLibrary.PS_FREE.invokeExact(decoder); });
        arena.close();
    }

    @FunctionalInterface
    private interface NativeCall {
        void run() throws Throwable;
    }

    @FunctionalInterface
    private interface NativeIntCall {
        int run() throws Throwable;
    }

    @FunctionalInterface
    private interface NativePointerCall {
        MemorySegment run() throws Throwable;
    }

    private static void call(NativeCall call) {
        try {
            call.run();
        } catch (Throwable t) {
            throw new EngineException("native call failed", t);
        }
    }

    private static int callInt(NativeIntCall call) {
        try {
            return call.run();
        } catch (Throwable t) {
            throw new EngineException("native call failed", t);
        }
    }

    private static MemorySegment callPointer(NativePointerCall call) {
        try {
            return call.run();
        } catch (Throwable t) {
            throw new EngineException("native call failed", t);
        }
    }
}
