package dev.earshot.engine.whisper;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.Word;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Decodes a window of audio with one {@code whisper_state} (per stream: its caches and buffers),
 * greedily, as one segment, with token timestamps. Owns the state and the native parameter block;
 * {@link #close()} frees them. One caller at a time, except {@link #abort()}, which any thread may
 * call to stop a decode in progress.
 */
final class WindowDecoder implements AutoCloseable {

    /** whisper.cpp's audio_ctx unit: one encoder position is 20 ms (two 10 ms mel frames). */
    static final int MS_PER_POSITION = 20;
    /** Token times are in 10 ms units. */
    private static final int MS_PER_TICK = 10;

    private static final VarHandle AUDIO_CTX = field("audio_ctx");
    private static final VarHandle PROMPT_TOKENS = field("prompt_tokens");
    private static final VarHandle PROMPT_N_TOKENS = field("prompt_n_tokens");
    private static final VarHandle LANGUAGE = field("language");

    private static final MemorySegment ABORT_STUB = WhisperLibrary.upcall(java.lang.invoke.MethodHandles.lookup(), "shouldAbort",
            WhisperLibrary.ABORT_CALLBACK);
    private static final MemorySegment ENCODER_STUB = WhisperLibrary.upcall(java.lang.invoke.MethodHandles.lookup(), "encoderBegins",
            WhisperLibrary.ENCODER_BEGIN_CALLBACK);
    private static final MemorySegment LOGITS_STUB = WhisperLibrary.upcall(java.lang.invoke.MethodHandles.lookup(), "logitsReady",
            WhisperLibrary.LOGITS_FILTER_CALLBACK);

    /** Timing slots the upcalls write: nanoTime at encoder start, at the first logits, and logits counted. */
    private static final long ENCODER_AT = 0;
    private static final long FIRST_LOGITS_AT = 8;
    private static final long LOGITS_COUNT = 16;

    /**
     * What one decode said, in stream time.
     *
     * @param words         the words, text tokens joined at leading spaces, punctuation and case kept
     * @param segmentEndsMs where whisper closed a segment with a timestamp
     * @param language      the language decoded (detected or asked for), or null
     * @param tokens        tokens sampled, what decoding cost follows
     * @param encodeNanos   from the encoder's start to the first logits: the encoder and the
     *                      prompt's decoder pass
     * @param decodeNanos   from the first logits to the end: sampling the tokens
     */
    record Decoded(List<Word> words, List<Long> segmentEndsMs, String language, int tokens, long encodeNanos,
            long decodeNanos) {
    }

    private final WhisperModel model;
    private final MemorySegment context;
    private final boolean cutAudioContext;
    /** Shared, not confined: the upcalls may run on ggml's worker threads. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private final MemorySegment params;
    private final MemorySegment abortFlag;
    private final MemorySegment timing;
    private final MemorySegment auto;
    private String language;
    /** Guarded by this, as {@link #abort()} may come from any thread. */
    private boolean closed;

    WindowDecoder(WhisperModel model, MemorySegment context, int threads, boolean cutAudioContext) {
        this.model = model;
        this.context = context;
        this.cutAudioContext = cutAudioContext;
        try {
            this.state = WhisperLibrary.requireNonNull((MemorySegment) WhisperLibrary.INIT_STATE.invokeExact(context),
                    "whisper_init_state");
            this.params = (MemorySegment) WhisperLibrary.FULL_DEFAULT_PARAMS.invokeExact((SegmentAllocator) arena,
                    WhisperLibrary.SAMPLING_GREEDY);
        } catch (EngineException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new EngineException("whisper_init_state failed: " + t, t);
        }
        abortFlag = arena.allocate(JAVA_BYTE);
        timing = arena.allocate(JAVA_LONG, 3);
        auto = arena.allocateFrom("auto");
        configure(threads);
    }

    private void configure(int threads) {
        set("n_threads", threads);
        set("no_context", true);
        // One pass over the window: without it whisper.cpp re-decodes from each segment's end.
        set("single_segment", true);
        set("print_progress", false);
        set("print_timestamps", false);
        set("token_timestamps", true);
        // No temperature fallback: re-decoding at each step is the retry, and fallback multiplies cost.
        set("temperature_inc", 0f);
        set("abort_callback", ABORT_STUB);
        set("abort_callback_user_data", abortFlag);
        set("encoder_begin_callback", ENCODER_STUB);
        set("encoder_begin_callback_user_data", timing);
        set("logits_filter_callback", LOGITS_STUB);
        set("logits_filter_callback_user_data", timing);
        LANGUAGE.set(params, 0L, auto);
    }

    /** Decodes in {@code code} from now on; null lets whisper detect the language at each decode. */
    void language(String code) {
        if (java.util.Objects.equals(code, language)) {
            return;
        }
        language = code;
        LANGUAGE.set(params, 0L, code == null ? auto : arena.allocateFrom(code));
    }

    /**
     * Decodes {@code count} samples of {@code window}, which starts at {@code windowStartMs} of the
     * stream, after {@code prompt} (tokens of the text already committed).
     *
     * @throws EngineException if whisper fails, or the decode was {@link #abort() aborted}
     */
    Decoded decode(float[] window, int count, long windowStartMs, int[] prompt) {
        if (closed) {
            throw new EngineException("the whisper decoder is closed");
        }
        long windowMs = count * 1000L / 16_000;
        int positions = cutAudioContext
                ? (int) Math.min(model.layout().nAudioCtx(), (windowMs + MS_PER_POSITION - 1) / MS_PER_POSITION + 1)
                : 0;
        AUDIO_CTX.set(params, 0L, positions);
        timing.fill((byte) 0);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment promptTokens = prompt.length == 0 ? MemorySegment.NULL : call.allocateFrom(JAVA_INT, prompt);
            PROMPT_TOKENS.set(params, 0L, promptTokens);
            PROMPT_N_TOKENS.set(params, 0L, prompt.length);
            MemorySegment samples = call.allocate(JAVA_FLOAT, Math.max(1, count));
            MemorySegment.copy(window, 0, samples, JAVA_FLOAT, 0, count);
            int rc = (int) WhisperLibrary.FULL_WITH_STATE.invokeExact(context, state, params, samples, count);
            long end = System.nanoTime();
            if (abortFlag.get(JAVA_BYTE, 0) != 0) {
                throw new EngineException("the whisper engine was closed during a decode");
            }
            if (rc != 0) {
                throw new EngineException("whisper_full_with_state failed: returned " + rc);
            }
            return read(call, windowStartMs, end);
        } catch (EngineException e) {
            throw e;
        } catch (Throwable t) {
            throw new EngineException("whisper decode failed: " + t, t);
        }
    }

    private Decoded read(Arena call, long windowStartMs, long end) throws Throwable {
        List<Word> words = new ArrayList<>();
        List<Long> segmentEnds = new ArrayList<>();
        WordBuilder word = new WordBuilder(windowStartMs);
        boolean textSinceTimestamp = false;
        int segments = (int) WhisperLibrary.N_SEGMENTS.invokeExact(state);
        for (int s = 0; s < segments; s++) {
            int n = (int) WhisperLibrary.N_TOKENS.invokeExact(state, s);
            for (int i = 0; i < n; i++) {
                MemorySegment data = (MemorySegment) WhisperLibrary.TOKEN_DATA_AT.invokeExact((SegmentAllocator) call,
                        state, s, i);
                int id = data.get(JAVA_INT, 0);
                if (id >= model.beg) {
                    if (textSinceTimestamp) {
                        segmentEnds.add(windowStartMs + (long) (id - model.beg) * MS_PER_POSITION);
                        textSinceTimestamp = false;
                    }
                } else if (id < model.eot) {
                    byte[] bytes = model.tokenBytes(id);
                    if (bytes.length > 0 && bytes[0] == ' ') {
                        word.finish(words);
                    }
                    word.add(bytes, data.get(JAVA_LONG, 24), data.get(JAVA_LONG, 32), data.get(JAVA_FLOAT, 8));
                    textSinceTimestamp = true;
                }
            }
        }
        word.finish(words);
        int langId = (int) WhisperLibrary.FULL_LANG_ID.invokeExact(state);
        String lang = model.multilingual ? WhisperModel.languageCode(langId) : "en";
        long encoderAt = timing.get(JAVA_LONG, ENCODER_AT);
        long firstLogits = timing.get(JAVA_LONG, FIRST_LOGITS_AT);
        long encode = encoderAt == 0 || firstLogits == 0 ? 0 : firstLogits - encoderAt;
        long decode = firstLogits == 0 ? 0 : end - firstLogits;
        return new Decoded(words, segmentEnds, lang, (int) timing.get(JAVA_LONG, LOGITS_COUNT), encode, decode);
    }

    /** Joins the tokens of one word: bytes first, since a token may end inside a UTF-8 character. */
    private static final class WordBuilder {
        private final long offsetMs;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long startTick = -1;
        private long endTick;
        private float confidence = 1f;

        WordBuilder(long offsetMs) {
            this.offsetMs = offsetMs;
        }

        void add(byte[] token, long t0, long t1, float p) {
            if (startTick < 0) {
                startTick = Math.max(0, t0);
            }
            endTick = Math.max(endTick, Math.max(startTick, t1));
            confidence = Math.min(confidence, Math.clamp(p, 0f, 1f));
            bytes.writeBytes(token);
        }

        void finish(List<Word> words) {
            String text = bytes.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                words.add(new Word(text, offsetMs + startTick * MS_PER_TICK, offsetMs + endTick * MS_PER_TICK,
                        confidence));
            }
            bytes.reset();
            startTick = -1;
            endTick = 0;
            confidence = 1f;
        }
    }

    /** Makes a decode in progress stop soon and fail, and every later one too. Any thread. */
    synchronized void abort() {
        if (!closed) {
            abortFlag.set(JAVA_BYTE, 0, (byte) 1);
        }
    }

    /** Frees the state. Idempotent; never throws. Not while a decode runs: abort it first and wait. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            WhisperLibrary.FREE_STATE.invokeExact(state);
        } catch (Throwable t) {
            throw new LinkageError("whisper_free_state failed", t);
        } finally {
            arena.close();
        }
    }

    private void set(String name, Object value) {
        VarHandle handle = field(name);
        switch (value) {
            case Integer i -> handle.set(params, 0L, (int) i);
            case Boolean b -> handle.set(params, 0L, (boolean) b);
            case Float f -> handle.set(params, 0L, (float) f);
            case MemorySegment m -> handle.set(params, 0L, m);
            default -> throw new IllegalArgumentException(name + ": unsupported value " + value);
        }
    }

    private static VarHandle field(String name) {
        return WhisperLibrary.FULL_PARAMS.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement(name));
    }

    @SuppressWarnings("unused")
    private static boolean shouldAbort(MemorySegment flag) {
        return flag.reinterpret(1).get(JAVA_BYTE, 0) != 0;
    }

    @SuppressWarnings("unused")
    private static boolean encoderBegins(MemorySegment context, MemorySegment state, MemorySegment slots) {
        slots.reinterpret(24).set(JAVA_LONG, ENCODER_AT, System.nanoTime());
        return true;
    }

    @SuppressWarnings("unused")
    private static void logitsReady(MemorySegment context, MemorySegment state, MemorySegment tokens, int n,
            MemorySegment logits, MemorySegment slots) {
        MemorySegment s = slots.reinterpret(24);
        if (s.get(JAVA_LONG, FIRST_LOGITS_AT) == 0) {
            s.set(JAVA_LONG, FIRST_LOGITS_AT, System.nanoTime());
        }
        s.set(JAVA_LONG, LOGITS_COUNT, s.get(JAVA_LONG, LOGITS_COUNT) + 1);
    }
}
