package dev.earshot.engine.whisper;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.NativeLog;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A loaded whisper.cpp model: the {@code whisper_context} (weights and vocabulary, shared by every
 * stream) and what Java needs to read its output. Owns the context; {@link #close()} frees it and
 * must come after every {@link WindowDecoder} made from it is closed (the engine sees to that).
 */
final class WhisperModel implements AutoCloseable {

    /** whisper.cpp's and ggml's log, otherwise on stderr: logger {@code whisper}. */
    private static final NativeLog LOG = new NativeLog("whisper");
    /** GGML_LOG_LEVEL_WARN and GGML_LOG_LEVEL_ERROR of ggml.h (1.7.1). */
    private static final int LOG_WARN = 2;
    private static final int LOG_ERROR = 3;

    /** Ids of the special tokens: everything from {@code eot} on is not text, from {@code beg} on a timestamp. */
    final int eot;
    final int beg;
    final boolean multilingual;
    /** ISO 639-1 codes of the languages it transcribes. */
    final List<String> languages;
    private final ModelFile file;
    private final MemorySegment context;
    private boolean closed;

    private WhisperModel(ModelFile file, MemorySegment context) throws Throwable {
        this.file = file;
        this.context = context;
        this.eot = (int) WhisperLibrary.TOKEN_EOT.invokeExact(context);
        this.multilingual = (int) WhisperLibrary.IS_MULTILINGUAL.invokeExact(context) != 0;
        this.beg = (int) WhisperLibrary.TOKEN_BEG.invokeExact(context);
        // 99 language tokens in a 51,865-token vocabulary, 100 (with yue) in large-v3's 51,866.
        this.languages = multilingual ? allLanguages().subList(0, 99 + file.layout().nVocab() - 51_865) : List.of("en");
    }

    /**
     * Checks {@code path} in Java, then loads it.
     *
     * @throws EngineException if the file is missing or damaged, or whisper.cpp refuses it
     */
    static WhisperModel load(Path path) {
        ModelFile file = ModelFile.read(path);
        LOG.installOnce(WhisperModel::routeLog);
        MemorySegment context;
        try (Arena arena = Arena.ofConfined()) {
            context = (MemorySegment) WhisperLibrary.INIT_FROM_FILE_NO_STATE.invokeExact(
                    arena.allocateFrom(path.toString()));
        } catch (Throwable t) {
            throw new EngineException(path + ": whisper.cpp failed to load the model: " + t, t);
        }
        if (context.equals(MemorySegment.NULL)) {
            throw new EngineException(path + ": whisper.cpp refused the model (see the log of logger 'whisper')");
        }
        try {
            return new WhisperModel(file, context);
        } catch (Throwable t) {
            free(context);
            throw new EngineException(path + ": whisper.cpp failed after loading the model: " + t, t);
        }
    }

    private static List<String> allLanguages() throws Throwable {
        int max = (int) WhisperLibrary.LANG_MAX_ID.invokeExact();
        List<String> codes = new ArrayList<>();
        for (int id = 0; id <= max; id++) {
            MemorySegment code = (MemorySegment) WhisperLibrary.LANG_STR.invokeExact(id);
            codes.add(code.reinterpret(16).getString(0));
        }
        return codes;
    }

    ModelLayout layout() {
        return file.layout();
    }

    /** The bytes of text token {@code id}, or an empty array for ids the vocabulary does not spell. */
    byte[] tokenBytes(int id) {
        return id >= 0 && id < file.vocab().size() ? file.vocab().get(id) : new byte[0];
    }

    /** A new decoding state for one stream; the caller closes it. */
    WindowDecoder newDecoder(int threads, boolean cutAudioContext) {
        return new WindowDecoder(this, context, threads, cutAudioContext);
    }

    /** Tokens of {@code text} for a prompt, at most {@code max} (the last ones kept). */
    int[] tokenize(String text, int max) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = text.length() + 8;
            MemorySegment tokens = arena.allocate(JAVA_INT, capacity);
            int n = (int) WhisperLibrary.TOKENIZE.invokeExact(context, arena.allocateFrom(text), tokens, capacity);
            if (n < 0) {
                throw new EngineException("whisper_tokenize failed: returned " + n);
            }
            int[] all = tokens.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
            return all.length <= max ? all : java.util.Arrays.copyOfRange(all, all.length - max, all.length);
        } catch (EngineException e) {
            throw e;
        } catch (Throwable t) {
            throw new EngineException("whisper_tokenize failed: " + t, t);
        }
    }

    /** The language code of whisper's language id, or null for an id it does not know. */
    static String languageCode(int id) {
        if (id < 0) {
            return null;
        }
        try {
            MemorySegment code = (MemorySegment) WhisperLibrary.LANG_STR.invokeExact(id);
            return code.equals(MemorySegment.NULL) ? null : code.reinterpret(16).getString(0);
        } catch (Throwable t) {
            throw new EngineException("whisper_lang_str failed: " + t, t);
        }
    }

    /** Whether whisper knows {@code code} as a language. */
    static boolean knowsLanguage(String code) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) WhisperLibrary.LANG_ID.invokeExact(arena.allocateFrom(code)) >= 0;
        } catch (Throwable t) {
            throw new EngineException("whisper_lang_id failed: " + t, t);
        }
    }

    private static void routeLog() {
        MemorySegment stub = WhisperLibrary.upcall(MethodHandles.lookup(), "logLine", WhisperLibrary.LOG_CALLBACK);
        try {
            WhisperLibrary.LOG_SET.invokeExact(stub, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new LinkageError("whisper_log_set failed", t);
        }
    }

    /** The log upcall: must not throw, since it returns into C. */
    @SuppressWarnings("unused")
    private static void logLine(int level, MemorySegment text, MemorySegment userData) {
        try {
            LOG.line(text.reinterpret(Integer.MAX_VALUE).getString(0), level == LOG_ERROR || level == LOG_WARN);
        } catch (RuntimeException e) {
            // A log line is not worth crashing the native caller for.
        }
    }

    /** Frees the context. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            free(context);
        }
    }

    private static void free(MemorySegment context) {
        try {
            WhisperLibrary.FREE.invokeExact(context);
        } catch (Throwable t) {
            throw new LinkageError("whisper_free failed", t);
        }
    }
}
