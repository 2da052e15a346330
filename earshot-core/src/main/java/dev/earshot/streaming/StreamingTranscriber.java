package dev.earshot.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.earshot.audio.AudioDecoder;
import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.AudioRequirement;
import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.engine.Word;

/**
 * One audio stream from encoded bytes to append-only text: decodes and resamples the audio, runs
 * the engine's recognizer, and commits words under the target delay.
 *
 * <p>Lifecycle: {@link #append} any number of times, {@link #flush} when wanted, {@link #finish}
 * once, and always {@link #close}. Threading: one caller at a time; each method blocks while the
 * engine works and calls the listener on the caller's thread before it returns.
 */
public final class StreamingTranscriber implements AutoCloseable {

    private final AudioFormat format;
    private final TranscriptListener listener;
    private final DelayPolicy policy;
    private final AudioDecoder decoder;
    private final Recognizer recognizer;
    private final AudioRequirement.SampleType sampleType;
    private final StringBuilder text = new StringBuilder();
    private final List<TranscriptSegment> segments = new ArrayList<>();
    /** Words committed in the utterance in progress: the next segment. */
    private final List<Word> utterance = new ArrayList<>();
    private boolean finished;

    /**
     * Opens a recognizer on {@code engine} with the engine's defaults besides the delay.
     *
     * @throws dev.earshot.engine.EngineException if the engine cannot open one
     */
    public StreamingTranscriber(SpeechEngine engine, AudioFormat format, TargetDelay delay, TranscriptListener listener) {
        this(engine, format, StreamOptions.ofDelay(delay.millis()), listener);
    }

    /**
     * Opens a recognizer on {@code engine}.
     *
     * @param options the recognizer's options; its target delay is also when words are committed
     * @throws dev.earshot.engine.EngineException if the engine cannot open one
     * @throws IllegalArgumentException if the engine cannot honour an option, or wants audio at a
     *                                  rate the decoder does not produce
     */
    public StreamingTranscriber(SpeechEngine engine, AudioFormat format, StreamOptions options,
            TranscriptListener listener) {
        this.format = Objects.requireNonNull(format, "format");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.policy = new DelayPolicy(new TargetDelay(options.targetDelayMs()));
        AudioRequirement audio = engine.info().audio();
        if (audio.sampleRate() != AudioDecoder.OUTPUT_RATE) {
            throw new IllegalArgumentException("engine " + engine.id() + " wants audio at " + audio.sampleRate()
                    + " Hz: expected " + AudioDecoder.OUTPUT_RATE + " Hz, the only rate the decoder produces");
        }
        this.sampleType = audio.sampleType();
        this.decoder = new AudioDecoder(format);
        this.recognizer = engine.newRecognizer(options);
    }

    /** Decodes and recognises the next piece of the stream; may end mid-sample. */
    public void append(byte[] audio) {
        requireOpen();
        handle(recognizer.accept(Samples.of(decoder.decode(audio), sampleType)));
    }

    /** Commits everything recognisable in the audio so far without waiting for the delay. */
    public void flush() {
        requireOpen();
        handle(recognizer.endUtterance());
    }

    /**
     * Ends the stream: decodes the resampler's tail, commits the rest, and returns the whole result.
     * Bytes of an incomplete last sample are dropped; {@link #pendingBytes()} tells how many.
     */
    public Transcript finish() {
        requireOpen();
        handle(recognizer.accept(Samples.of(decoder.finish(), sampleType)));
        handle(recognizer.endUtterance());
        finished = true;
        return new Transcript(text.toString(), segments, audioSeconds());
    }

    /** Bytes of an incomplete sample carried over to the next append. */
    public int pendingBytes() {
        return decoder.pendingBytes();
    }

    public AudioFormat format() {
        return format;
    }

    /** Seconds of audio received, at the engine's rate. */
    public double audioSeconds() {
        return decoder.samplesOut() / (double) AudioDecoder.OUTPUT_RATE;
    }

    private void handle(List<Hypothesis> hypotheses) {
        for (Hypothesis h : hypotheses) {
            List<Word> words = policy.commit(h);
            if (!words.isEmpty()) {
                commit(words, h.audioMs());
            }
            if (h.utteranceEnded()) {
                endSegment();
            }
        }
    }

    private void commit(List<Word> words, long audioMs) {
        StringBuilder delta = new StringBuilder();
        for (Word w : words) {
            if (!text.isEmpty() || !delta.isEmpty()) {
                delta.append(' ');
            }
            delta.append(w.text());
        }
        text.append(delta);
        utterance.addAll(words);
        listener.onText(new TextCommit(delta.toString(), words, audioMs));
    }

    private void endSegment() {
        if (utterance.isEmpty()) {
            return;
        }
        String joined = String.join(" ", utterance.stream().map(Word::text).toList());
        TranscriptSegment segment = new TranscriptSegment(joined,
                utterance.getFirst().startMs() / 1000.0, utterance.getLast().endMs() / 1000.0, utterance);
        utterance.clear();
        segments.add(segment);
        listener.onSegment(segment);
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
    }

    /** Returns the recognizer to the engine. Idempotent. */
    @Override
    public void close() {
        recognizer.close();
    }
}
