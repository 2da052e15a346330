package dev.earshot.engine.whisper;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.OpenStreams;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.Word;

/**
 * One stream on a Whisper model: buffers the audio not yet committed (the window), re-decodes it
 * every step, and lets {@link LocalAgreement} decide what is final. Its hypotheses hold only
 * committed words of the utterance in progress (never words that may still change), so the
 * streaming core's own delay rule finds them already old enough; an utterance ends where the
 * policy dropped audio at a segment end or a pause, and at {@link #endUtterance()}.
 *
 * <p>Decoding happens inside {@link #accept} on the caller's thread, once per step of audio. Steps
 * fall at multiples of the step in stream time, wherever the caller's chunks end, and a greedy
 * decode is deterministic, so the text does not depend on the chunking.
 */
final class WhisperRecognizer implements Recognizer {

    private static final Logger LOG = LoggerFactory.getLogger(WhisperRecognizer.class);
    private static final int RATE = 16_000;
    private static final int SAMPLES_PER_MS = RATE / 1000;
    /**
     * whisper.cpp 1.7.1 skips input under 1 s ("input is too short"), so shorter windows are padded
     * with silence to a little more.
     */
    private static final int MIN_DECODE_SAMPLES = RATE + 2 * 160;
    /** The prompt: at most whisper's n_text_ctx / 2 tokens of the latest committed text. */
    private static final int PROMPT_TOKENS = 224;
    private static final int PROMPT_CHARS = 1_000;

    private final WhisperEngine engine;
    private final OpenStreams.Stream stream;
    private final WhisperModel model;
    private final WindowDecoder decoder;
    private final LocalAgreement policy;
    private final int stepSamples;
    /** The window: audio from {@link LocalAgreement#windowStartMs()} on, never more than 30 s. */
    private final float[] window = new float[(int) (LocalAgreement.MAX_WINDOW_MS * SAMPLES_PER_MS)];
    private int windowLength;
    private long windowStartSample;
    private long totalSamples;
    private long decodedAt;
    private final List<Word> utterance = new ArrayList<>();
    private final StringBuilder committedText = new StringBuilder();
    private int[] prompt = new int[0];
    /** The language decoded in: the hint, or whisper's detection fixed at the first commit; null = detect. */
    private String language;
    /** Whisper's detection in the latest decode, which becomes {@link #language} at the first commit. */
    private String pendingLanguage;
    private boolean closed;
    private long decodes;
    private long tokens;
    private long encodeNanos;
    private long decodeNanos;

    WhisperRecognizer(WhisperEngine engine, OpenStreams.Stream stream, WhisperModel model, WindowDecoder decoder,
            int delayMs, int stepMs, String language) {
        this.engine = engine;
        this.stream = stream;
        this.model = model;
        this.decoder = decoder;
        this.stepSamples = stepMs * SAMPLES_PER_MS;
        this.policy = new LocalAgreement(delayMs, LocalAgreement.MAX_WINDOW_MS - stepMs);
        this.language = language;
        decoder.language(language);
        stream.onAbort(decoder::abort);
    }

    @Override
    public synchronized List<Hypothesis> accept(Samples audio) {
        requireUsable();
        float[] samples = switch (audio) {
            case Samples.Float32 f -> f.samples();
            case Samples.Pcm16 p -> throw new IllegalArgumentException(
                    "whisper takes float samples (FLOAT32), found 16-bit PCM");
        };
        List<Hypothesis> out = new ArrayList<>();
        int at = 0;
        while (at < samples.length) {
            int take = (int) Math.min(samples.length - at, stepSamples - (totalSamples - decodedAt));
            append(samples, at, take);
            at += take;
            if (totalSamples - decodedAt >= stepSamples) {
                out.addAll(step(policy.step(decode())));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Hypothesis> endUtterance() {
        requireUsable();
        List<Hypothesis> out = new ArrayList<>();
        if (totalSamples > decodedAt && windowLength > 0) {
            out.addAll(step(policy.step(decode())));
        }
        LocalAgreement.Step end = policy.finish(audioEndMs());
        commit(end.committed());
        drop(end.windowStartMs());
        if (!utterance.isEmpty()) {
            out.add(new Hypothesis(utterance, audioEndMs(), true, language));
            utterance.clear();
        }
        return out;
    }

    private void append(float[] samples, int from, int count) {
        System.arraycopy(samples, from, window, windowLength, count);
        windowLength += count;
        totalSamples += count;
    }

    private long audioEndMs() {
        return totalSamples / SAMPLES_PER_MS;
    }

    private LocalAgreement.Decode decode() {
        decodedAt = totalSamples;
        long windowStartMs = windowStartSample / SAMPLES_PER_MS;
        boolean padded = windowLength < MIN_DECODE_SAMPLES;
        float[] input = padded ? padded() : window;
        int count = padded ? MIN_DECODE_SAMPLES : windowLength;
        WindowDecoder.Decoded decoded = engine.inTurn(() -> decoder.decode(input, count, windowStartMs, prompt));
        decodes++;
        tokens += decoded.tokens();
        encodeNanos += decoded.encodeNanos();
        decodeNanos += decoded.decodeNanos();
        if (language == null && decoded.language() != null) {
            pendingLanguage = decoded.language();
        }
        return new LocalAgreement.Decode(decoded.words(), decoded.segmentEndsMs(), audioEndMs());
    }

    /** The window followed by silence up to {@link #MIN_DECODE_SAMPLES}. */
    private float[] padded() {
        float[] input = new float[MIN_DECODE_SAMPLES];
        System.arraycopy(window, 0, input, 0, windowLength);
        return input;
    }

    private List<Hypothesis> step(LocalAgreement.Step step) {
        commit(step.committed());
        drop(step.windowStartMs());
        if (utterance.isEmpty()) {
            return List.of();
        }
        Hypothesis h = new Hypothesis(utterance, audioEndMs(), step.segmentEnded(), language);
        if (step.segmentEnded()) {
            utterance.clear();
        }
        return List.of(h);
    }

    private void commit(List<Word> words) {
        if (words.isEmpty()) {
            return;
        }
        if (language == null && pendingLanguage != null) {
            language = pendingLanguage;
            decoder.language(language);
        }
        utterance.addAll(words);
        for (Word w : words) {
            committedText.append(' ').append(w.text());
        }
        if (committedText.length() > PROMPT_CHARS) {
            committedText.delete(0, committedText.length() - PROMPT_CHARS);
        }
        prompt = model.tokenize(committedText.toString(), PROMPT_TOKENS);
    }

    /** Drops the window's audio before {@code startMs} of the stream. */
    private void drop(long startMs) {
        long startSample = Math.min(startMs * SAMPLES_PER_MS, totalSamples);
        int drop = (int) Math.max(0, Math.min(windowLength, startSample - windowStartSample));
        if (drop == 0) {
            return;
        }
        System.arraycopy(window, drop, window, 0, windowLength - drop);
        windowLength -= drop;
        windowStartSample += drop;
    }

    private void requireUsable() {
        if (closed) {
            throw new IllegalStateException("recognizer is closed");
        }
        stream.requireUsable();
    }

    /** Stops a decode in progress on another thread, if any, before freeing the decoder. */
    @Override
    public void close() {
        decoder.abort();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            decoder.close();
        }
        LOG.debug("{}: {} decodes of {} ms audio: {} tokens, encoder {} ms, decoder {} ms", engine.id(), decodes,
                audioEndMs(), tokens, encodeNanos / 1_000_000, decodeNanos / 1_000_000);
        engine.spent(new WhisperEngine.Cost(decodes, tokens, encodeNanos, decodeNanos, audioEndMs()));
        stream.close();
    }
}
