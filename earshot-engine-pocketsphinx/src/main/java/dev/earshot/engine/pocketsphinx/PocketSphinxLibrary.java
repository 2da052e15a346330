package dev.earshot.engine.pocketsphinx;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import dev.earshot.engine.EngineException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into Debian's {@code libpocketsphinx.so.3} (0.8+5prealpha), which also resolves the
 * sphinxbase symbols it links against. Raw handles only: callers own every pointer and check every
 * return code. Signatures follow {@code pocketsphinx.h}, {@code ps_search.h}, {@code cmd_ln.h},
 * {@code ngram_model.h}, {@code feat.h}, {@code cmn.h} and {@code err.h} of that release.
 */
final class PocketSphinxLibrary {

    /**
     * The versioned soname: the unversioned {@code libpocketsphinx.so} comes only with the -dev
     * package, which a machine that just runs Earshot does not have.
     */
    static final String SONAME = "libpocketsphinx.so.3";

    /** NGRAM_AUTO of ngram_model.h: let sphinxbase tell ARPA from binary. */
    static final int NGRAM_AUTO = 0;

    /** NGRAM_ARPA of ngram_model.h. */
    static final int NGRAM_ARPA = 1;

    /** The name pocketsphinx gives the search it builds from {@code -lm} (PS_DEFAULT_SEARCH). */
    static final String DEFAULT_SEARCH = "_default";

    private static final SymbolLookup LOOKUP = load();
    private static final Linker LINKER = Linker.nativeLinker();

    static final MethodHandle PS_ARGS = handle("ps_args", FunctionDescriptor.of(ADDRESS));
    static final MethodHandle CMD_LN_PARSE_R = handle("cmd_ln_parse_r",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle CMD_LN_FREE_R = handle("cmd_ln_free_r", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PS_INIT = handle("ps_init", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PS_FREE = handle("ps_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PS_START_STREAM = handle("ps_start_stream", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PS_START_UTT = handle("ps_start_utt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PS_END_UTT = handle("ps_end_utt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PS_PROCESS_RAW = handle("ps_process_raw",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT));
    static final MethodHandle PS_GET_IN_SPEECH = handle("ps_get_in_speech", FunctionDescriptor.of(JAVA_BYTE, ADDRESS));
    static final MethodHandle PS_SEG_ITER = handle("ps_seg_iter", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PS_SEG_NEXT = handle("ps_seg_next", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PS_SEG_WORD = handle("ps_seg_word", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PS_SEG_FRAMES = handle("ps_seg_frames",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PS_SEG_FREE = handle("ps_seg_free", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle PS_GET_CONFIG = handle("ps_get_config", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PS_GET_LOGMATH = handle("ps_get_logmath", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle NGRAM_MODEL_READ = handle("ngram_model_read",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    static final MethodHandle PS_SET_LM = handle("ps_set_lm", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PS_SET_SEARCH = handle("ps_set_search", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle PS_UNSET_SEARCH = handle("ps_unset_search",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle PS_LOOKUP_WORD = handle("ps_lookup_word", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle NGRAM_MODEL_RETAIN = handle("ngram_model_retain", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle NGRAM_MODEL_SET_INIT = handle("ngram_model_set_init",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle PS_GET_FEAT = handle("ps_get_feat", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle NGRAM_MODEL_FREE = handle("ngram_model_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ERR_SET_LOGFP = handle("err_set_logfp", FunctionDescriptor.ofVoid(ADDRESS));

    /**
     * Byte offset of {@code cmn_struct} in sphinxbase 0.8's {@code feat_t} on LP64: eleven fields of
     * 4 and 8 bytes (refcount .. agc) and the {@code compute_feat} pointer come first. There is no
     * accessor function for it; {@link Decoder} checks the {@code veclen} it finds there.
     */
    static final long FEAT_CMN_STRUCT_OFFSET = 88;
    /**
     * Layout of sphinxbase 0.8's {@code cmn_t} (cmn.h): the pointers {@code cmn_mean},
     * {@code cmn_var} and {@code sum} to {@code veclen} floats each (mfcc_t is float: the Debian
     * build has no FIXED_POINT), then {@code int32 nframe} and {@code int32 veclen}.
     */
    static final long[] CMN_VECTOR_OFFSETS = {0, 8, 16};
    static final long CMN_NFRAME_OFFSET = 24;
    static final long CMN_VECLEN_OFFSET = 28;
    static final long CMN_SIZE = 32;

    private PocketSphinxLibrary() {
    }

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup(SONAME, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LinkageError("cannot load " + SONAME + " (Debian package libpocketsphinx3): "
                    + "run scripts/install-deps.sh", e);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LOOKUP.find(name).orElseThrow(
                () -> new LinkageError(SONAME + " has no symbol " + name + ": expected pocketsphinx 0.8+5prealpha"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** Throws for a NULL pointer returned by {@code what}. */
    static MemorySegment requireNonNull(MemorySegment pointer, String what) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new EngineException(what + " failed: returned NULL");
        }
        return pointer;
    }

    /** Throws for a negative return code of {@code what}. */
    static int requireNonNegative(int code, String what) {
        if (code < 0) {
            throw new EngineException(what + " failed: returned " + code);
        }
        return code;
    }
}
