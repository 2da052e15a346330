package dev.earshot.engine.whisper;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.earshot.engine.AudioRequirement;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineInfo;
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
     * @param threads         ggml threads per decode
     * @param cutAudioContext encode only the buffered audio (whisper's {@code audio_ctx}) rather
     *                        than the full 30 s window whisper was trained on
     * @param stepMs          audio between decodes, or 0 for half the target delay (200 to 1,000 ms)
     */
    record Settings(int threads, boolean cutAudioContext, int stepMs) {
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

    private final Set<WhisperRecognizer> open = ConcurrentHashMap.newKeySet();
    private Cost cost = new Cost(0, 0, 0, 0, 0);
    private boolean closed;

    WhisperEngine(String id, WhisperModel model, Settings settings) {
        this.id = id;
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
    public synchronized Recognizer newRecognizer(StreamOptions options) {
        if (closed) {
            throw new EngineException("model " + id + " is closed");
        }
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
        WhisperRecognizer recognizer = new WhisperRecognizer(this, model,
                model.newDecoder(settings.threads(), settings.cutAudioContext()), options.targetDelayMs(), stepMs,
                language != null ? language : model.multilingual ? null : "en");
        open.add(recognizer);
        return recognizer;
    }

    @Override
    public int openRecognizers() {
        return open.size();
    }

    /** Called by a recognizer's close: the last one out after the engine closed frees the model. */
    synchronized void closed(WhisperRecognizer recognizer, Cost spent) {
        open.remove(recognizer);
        cost = cost.plus(spent);
        if (closed && open.isEmpty()) {
            model.close();
        }
    }

    /** The decoding cost of every stream closed so far; its log at debug level says the same per stream. */
    synchronized Cost cost() {
        return cost;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List.copyOf(open).forEach(WhisperRecognizer::abort);
        if (open.isEmpty()) {
            model.close();
        }
    }
}
