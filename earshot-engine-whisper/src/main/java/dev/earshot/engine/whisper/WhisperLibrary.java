package dev.earshot.engine.whisper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.earshot.engine.EngineException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into whisper.cpp 1.7.1's {@code libwhisper.so.1}, as bundled in the
 * {@code io.github.givimad:whisper-jni:1.7.1} jar (its JNI layer is not used: it exposes neither
 * token data, nor the detected language, nor callbacks). The library and the {@code libggml.so}
 * it links against ({@code $ORIGIN} runpath) are copied out of the jar once per machine, choosing
 * the AVX2/FMA/F16C build of ggml when {@code /proc/cpuinfo} lists those flags. Raw handles only:
 * callers own every pointer and check every return code. Struct layouts follow {@code whisper.h}
 * of that release; {@code WhisperLibraryTest} checks them against the library's own defaults.
 */
final class WhisperLibrary {

    static final String VERSION = "1.7.1";
    /** The jar folder holding the Linux x86-64 build. */
    private static final String JAR_FOLDER = "debian-amd64/";
    /** The ggml build with the flags in its name, and the one for CPUs without them. */
    private static final String GGML_FAST = "libggml+mf16c+mfma+mavx+mavx2.so";
    private static final String GGML_PLAIN = "libggml.so";

    /** WHISPER_SAMPLING_GREEDY of whisper.h. */
    static final int SAMPLING_GREEDY = 0;

    /** {@code struct whisper_token_data}: ids, probabilities, and times in 10 ms units. */
    static final StructLayout TOKEN_DATA = MemoryLayout.structLayout(
            JAVA_INT.withName("id"), JAVA_INT.withName("tid"), JAVA_FLOAT.withName("p"),
            JAVA_FLOAT.withName("plog"), JAVA_FLOAT.withName("pt"), JAVA_FLOAT.withName("ptsum"),
            JAVA_LONG.withName("t0"), JAVA_LONG.withName("t1"), JAVA_LONG.withName("t_dtw"),
            JAVA_FLOAT.withName("vlen"), MemoryLayout.paddingLayout(4));

    /** {@code struct whisper_full_params}, passed by value to {@code whisper_full_with_state}. */
    static final StructLayout FULL_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("strategy"), JAVA_INT.withName("n_threads"), JAVA_INT.withName("n_max_text_ctx"),
            JAVA_INT.withName("offset_ms"), JAVA_INT.withName("duration_ms"),
            JAVA_BOOLEAN.withName("translate"), JAVA_BOOLEAN.withName("no_context"),
            JAVA_BOOLEAN.withName("no_timestamps"), JAVA_BOOLEAN.withName("single_segment"),
            JAVA_BOOLEAN.withName("print_special"), JAVA_BOOLEAN.withName("print_progress"),
            JAVA_BOOLEAN.withName("print_realtime"), JAVA_BOOLEAN.withName("print_timestamps"),
            JAVA_BOOLEAN.withName("token_timestamps"), MemoryLayout.paddingLayout(3),
            JAVA_FLOAT.withName("thold_pt"), JAVA_FLOAT.withName("thold_ptsum"), JAVA_INT.withName("max_len"),
            JAVA_BOOLEAN.withName("split_on_word"), MemoryLayout.paddingLayout(3), JAVA_INT.withName("max_tokens"),
            JAVA_BOOLEAN.withName("debug_mode"), MemoryLayout.paddingLayout(3), JAVA_INT.withName("audio_ctx"),
            JAVA_BOOLEAN.withName("tdrz_enable"), MemoryLayout.paddingLayout(3),
            ADDRESS.withName("suppress_regex"), ADDRESS.withName("initial_prompt"),
            ADDRESS.withName("prompt_tokens"), JAVA_INT.withName("prompt_n_tokens"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("language"), JAVA_BOOLEAN.withName("detect_language"),
            JAVA_BOOLEAN.withName("suppress_blank"), JAVA_BOOLEAN.withName("suppress_nst"),
            MemoryLayout.paddingLayout(1),
            JAVA_FLOAT.withName("temperature"), JAVA_FLOAT.withName("max_initial_ts"),
            JAVA_FLOAT.withName("length_penalty"), JAVA_FLOAT.withName("temperature_inc"),
            JAVA_FLOAT.withName("entropy_thold"), JAVA_FLOAT.withName("logprob_thold"),
            JAVA_FLOAT.withName("no_speech_thold"), JAVA_INT.withName("greedy_best_of"),
            JAVA_INT.withName("beam_size"), JAVA_FLOAT.withName("beam_patience"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("new_segment_callback"), ADDRESS.withName("new_segment_callback_user_data"),
            ADDRESS.withName("progress_callback"), ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("encoder_begin_callback"), ADDRESS.withName("encoder_begin_callback_user_data"),
            ADDRESS.withName("abort_callback"), ADDRESS.withName("abort_callback_user_data"),
            ADDRESS.withName("logits_filter_callback"), ADDRESS.withName("logits_filter_callback_user_data"),
            ADDRESS.withName("grammar_rules"), JAVA_LONG.withName("n_grammar_rules"),
            JAVA_LONG.withName("i_start_rule"), JAVA_FLOAT.withName("grammar_penalty"), MemoryLayout.paddingLayout(4));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = load();

    static final MethodHandle INIT_FROM_FILE_NO_STATE = handle("whisper_init_from_file_no_state",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle INIT_STATE = handle("whisper_init_state", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle FREE = handle("whisper_free", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle FREE_STATE = handle("whisper_free_state", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle FULL_DEFAULT_PARAMS = handle("whisper_full_default_params",
            FunctionDescriptor.of(FULL_PARAMS, JAVA_INT));
    static final MethodHandle FULL_WITH_STATE = handle("whisper_full_with_state",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, FULL_PARAMS, ADDRESS, JAVA_INT));
    static final MethodHandle N_SEGMENTS = handle("whisper_full_n_segments_from_state",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle SEGMENT_T0 = handle("whisper_full_get_segment_t0_from_state",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
    static final MethodHandle SEGMENT_T1 = handle("whisper_full_get_segment_t1_from_state",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
    static final MethodHandle N_TOKENS = handle("whisper_full_n_tokens_from_state",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle TOKEN_DATA_AT = handle("whisper_full_get_token_data_from_state",
            FunctionDescriptor.of(TOKEN_DATA, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle FULL_LANG_ID = handle("whisper_full_lang_id_from_state",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle LANG_ID = handle("whisper_lang_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle LANG_STR = handle("whisper_lang_str", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    static final MethodHandle LANG_MAX_ID = handle("whisper_lang_max_id", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle IS_MULTILINGUAL = handle("whisper_is_multilingual",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle TOKEN_EOT = handle("whisper_token_eot", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle TOKEN_BEG = handle("whisper_token_beg", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle TOKENIZE = handle("whisper_tokenize",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle LOG_SET = handle("whisper_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));

    /** {@code bool (*ggml_abort_callback)(void * data)}: true stops the computation. */
    static final FunctionDescriptor ABORT_CALLBACK = FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS);
    /** {@code bool (*whisper_encoder_begin_callback)(ctx, state, user_data)}: false aborts. */
    static final FunctionDescriptor ENCODER_BEGIN_CALLBACK = FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS,
            ADDRESS);
    /** {@code void (*whisper_logits_filter_callback)(ctx, state, tokens, n_tokens, logits, user_data)}. */
    static final FunctionDescriptor LOGITS_FILTER_CALLBACK = FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS,
            JAVA_INT, ADDRESS, ADDRESS);
    /** {@code void (*ggml_log_callback)(enum ggml_log_level level, const char * text, void * user_data)}. */
    static final FunctionDescriptor LOG_CALLBACK = FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS);

    private WhisperLibrary() {
    }

    /** An upcall stub to a static method of the class of {@code owner}, alive for the whole process. */
    static MemorySegment upcall(MethodHandles.Lookup owner, String method, FunctionDescriptor descriptor) {
        try {
            MethodType type = descriptor.toMethodType();
            MethodHandle target = owner.findStatic(owner.lookupClass(), method, type);
            return LINKER.upcallStub(target, descriptor, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("no upcall target " + owner.lookupClass().getSimpleName() + "." + method, e);
        }
    }

    private static SymbolLookup load() {
        Path dir = extract();
        try {
            return SymbolLookup.libraryLookup(dir.resolve("libwhisper.so.1"), Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LinkageError("cannot load " + dir.resolve("libwhisper.so.1")
                    + " (needs Debian's libgomp1: run scripts/install-deps.sh): " + e.getMessage(), e);
        }
    }

    /**
     * Copies the two libraries into {@code <tmpdir>/earshot-whisper-<version>-<build>}, once: a
     * copy of the right size is reused, and each file is written under a temporary name and then
     * renamed, so processes starting together never load a half-written file.
     */
    private static Path extract() {
        boolean fast = cpuHasFastFlags();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"),
                "earshot-whisper-" + VERSION + (fast ? "-avx2" : "-plain"));
        try {
            Files.createDirectories(dir);
            copyOut(JAR_FOLDER + "libwhisper.so.1", dir.resolve("libwhisper.so.1"));
            copyOut(JAR_FOLDER + (fast ? GGML_FAST : GGML_PLAIN), dir.resolve("libggml.so"));
            return dir;
        } catch (IOException e) {
            throw new LinkageError("cannot copy whisper.cpp's libraries out of the whisper-jni jar into " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    private static void copyOut(String resource, Path target) throws IOException {
        try (InputStream in = WhisperLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path: expected io.github.givimad:whisper-jni:"
                        + VERSION);
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return;
            }
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            Files.write(partial, bytes);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Whether the CPU has what the fast ggml build was compiled for: AVX, AVX2, FMA and F16C. */
    private static boolean cpuHasFastFlags() {
        try {
            String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags")).findFirst().orElse("");
            String padded = " " + flags.substring(flags.indexOf(':') + 1) + " ";
            return padded.contains(" avx ") && padded.contains(" avx2 ") && padded.contains(" fma ")
                    && padded.contains(" f16c ");
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LOOKUP.find(name).orElseThrow(
                () -> new LinkageError("libwhisper.so.1 has no symbol " + name + ": expected whisper.cpp " + VERSION));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** Throws for a NULL pointer returned by {@code what}. */
    static MemorySegment requireNonNull(MemorySegment pointer, String what) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new EngineException(what + " failed: returned NULL");
        }
        return pointer;
    }
}
