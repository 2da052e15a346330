package dev.earshot.engine.whisper;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import dev.earshot.engine.AudioRequirement;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineInfo;
import dev.earshot.engine.OpenStreams;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;

/**
 * One loaded Whisper model serving any number of streams, each with a whisper.cpp state of its
 * own (tens of MB for tiny-sized models) over the shared weights.
 *
 * <p>Closing the engine aborts decodes in progress; open recognizers then fail with an
 * {@link EngineException}, and the weights are freed when the last of them is closed.
 */
final class WhisperEngine implements SpeechEngine {

    /**
     * Settings of every stream.
     *
     * @param workers         decodes at the same instant, over all streams
     * @param threads         ggml threads per decode
     * @param cutAudioContext encode only the buffered audio (whisper's {@code audio_ctx}) rather
     *                        than the full 30 s window whisper was trained on
     * @param stepMs          audio between decodes, or 0 for half the target delay (200 to 1,000 ms)
     */
    record Settings(int workers, int threads, boolean cutAudioContext, int stepMs) {
    }

    private final String id;
    private final WhisperModel model;
    private final Settings settings;
    private final EngineInfo info;
    /**
     * What decoding cost, summed over streams: decodes, tokens sampled, time in the encoder (with
     * the prompt's decoder pass) and in sampling, and the audio streamed.
     */
    record Cost(long decodes, long tokens, long encodeNanos, long decodeNanos, long audioMs) {
        Cost plus(Cost o) {
            return new Cost(decodes + o.decodes, tokens + o.tokens, encodeNanos + o.encodeNanos,
                    decodeNanos + o.decodeNanos, audioMs + o.audioMs);
        }
    }

    private final OpenStreams streams;
    /** One permit per decode that may run at the same instant ({@link Settings#workers()}). */
    private final Semaphore decoding;
    private Cost cost = new Cost(0, 0, 0, 0, 0);

    WhisperEngine(String id, WhisperModel model, Settings settings) {
        this.id = id;
        this.streams = new OpenStreams(id);
        this.decoding = new Semaphore(settings.workers());
        this.model = model;
        this.settings = settings;
        this.info = new EngineInfo(WhisperProvider.ENGINE, model.languages, model.multilingual, false, true, true,
                AudioRequirement.FLOAT32_16KHZ);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * @throws IllegalArgumentException for a language the model does not speak, or bias phrases
     *                                  (whisper has no biasing here; a prompt is not one)
     */
    @Override
    public Recognizer newRecognizer(StreamOptions options) {
        String language = options.language();
        if (language != null && !(model.multilingual ? WhisperModel.knowsLanguage(language) : language.equals("en"))) {
            throw new IllegalArgumentException("model " + id + " does not transcribe language '" + language
                    + "': expected " + (model.multilingual ? "one of " + model.languages : "en"));
        }
        if (!options.biasPhrases().isEmpty()) {
            throw new IllegalArgumentException("model " + id + " (whisper) does not take bias phrases");
        }
        int stepMs = settings.stepMs() > 0 ? settings.stepMs()
                : Math.clamp(options.targetDelayMs() / 2, 200, 1_000);
        // Counted first: the model stays loaded while the stream's decoder is made on it.
        OpenStreams.Stream stream = streams.open();
        try {
            return new WhisperRecognizer(this, stream, model,
                    model.newDecoder(settings.threads(), settings.cutAudioContext()), options.targetDelayMs(), stepMs,
                    language != null ? language : model.multilingual ? null : "en");
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public int openRecognizers() {
        return streams.count();
    }

    /**
     * Runs a stream's decode once fewer than {@link Settings#workers()} others run.
     *
     * @throws EngineException if interrupted while waiting
     */
    <T> T inTurn(Supplier<T> decode) {
        try {
            decoding.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting to decode on model " + id, e);
        }
        try {
            return decode.get();
        } finally {
            decoding.release();
        }
    }

    /** Adds a closed stream's cost. */
    synchronized void spent(Cost spent) {
        cost = cost.plus(spent);
    }

    /** The decoding cost of every stream closed so far; its log at debug level says the same per stream. */
    synchronized Cost cost() {
        return cost;
    }

    /** Aborts the decodes in progress; the model is freed when the last open stream closes. */
    @Override
    public void close() {
        streams.close(model::close);
    }
}
