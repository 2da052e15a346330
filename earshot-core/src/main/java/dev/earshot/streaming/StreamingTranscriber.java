package dev.earshot.streaming;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
 * once, and always {@link #close}. Each of those returns what it committed, in stream order; the
 * caller sends it on after the engine work is done, so that what the engine costs and what
 * delivering its text costs are measured apart. Threading: one caller at a time; each method
 * blocks while the engine works.
 */
public final class StreamingTranscriber implements AutoCloseable {

    private final AudioFormat format;
    private final DelayPolicy policy;
    private final AudioDecoder decoder;
    private final Recognizer recognizer;
    private final AudioRequirement.SampleType sampleType;
    private final StringBuilder text = new StringBuilder();
    private final List<TranscriptSegment> segments = new ArrayList<>();
    /** Words committed in the utterance in progress: the next segment. */
    private final List<Word> utterance = new ArrayList<>();
    /** The last language the engine detected, null before the first. */
    private String language;
    private boolean finished;

    /**
     * Opens a recognizer on {@code engine} with the engine's defaults besides the delay.
     *
     * @throws dev.earshot.engine.EngineException if the engine cannot open one
     */
    public StreamingTranscriber(SpeechEngine engine, AudioFormat format, TargetDelay delay) {
        this(engine, format, StreamOptions.ofDelay(delay.millis()));
    }

    /**
     * Opens a recognizer on {@code engine}.
     *
     * @param options the recognizer's options; its target delay is also when words are committed
     * @throws dev.earshot.engine.EngineException if the engine cannot open one
     * @throws IllegalArgumentException if the engine cannot honour an option, or wants audio at a
     *                                  rate the decoder does not produce
     */
    public StreamingTranscriber(SpeechEngine engine, AudioFormat format, StreamOptions options) {
        this.format = Objects.requireNonNull(format, "format");
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

    /**
     * Streams {@code chunks} through a new transcriber as a client of the server does (appends,
     * then a flush and the end), handing every event to {@code sink} as its chunk is decoded.
     *
     * @throws dev.earshot.engine.EngineException if the engine fails
     */
    public static Transcript transcribe(SpeechEngine engine, AudioFormat format, StreamOptions options,
            Iterator<byte[]> chunks, Consumer<? super TranscriptEvent> sink) {
        try (StreamingTranscriber t = new StreamingTranscriber(engine, format, options)) {
            while (chunks.hasNext()) {
                t.append(chunks.next()).forEach(sink);
            }
            t.flush().forEach(sink);
            t.finish().forEach(sink);
            return t.transcript();
        }
    }

    /** Decodes and recognises the next piece of the stream; may end mid-sample. */
    public List<TranscriptEvent> append(byte[] audio) {
        requireOpen();
        return handle(recognizer.accept(Samples.of(decoder.decode(audio), sampleType)));
    }

    /** Commits everything recognisable in the audio so far without waiting for the delay. */
    public List<TranscriptEvent> flush() {
        requireOpen();
        return handle(recognizer.endUtterance());
    }

    /**
     * Ends the stream: decodes the resampler's tail and commits the rest; {@link #transcript()}
     * then holds the whole result. Bytes of an incomplete last sample are dropped;
     * {@link #pendingBytes()} tells how many.
     */
    public List<TranscriptEvent> finish() {
        requireOpen();
        List<TranscriptEvent> events = new ArrayList<>(handle(recognizer.accept(Samples.of(decoder.finish(), sampleType))));
        events.addAll(handle(recognizer.endUtterance()));
        finished = true;
        return events;
    }

    /** What was committed so far: after {@link #finish()}, the whole result. */
    public Transcript transcript() {
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

    private List<TranscriptEvent> handle(List<Hypothesis> hypotheses) {
        List<TranscriptEvent> events = new ArrayList<>();
        for (Hypothesis h : hypotheses) {
            if (h.language() != null && !h.language().equals(language)) {
                language = h.language();
                events.add(new LanguageDetected(language));
            }
            List<Word> words = policy.commit(h);
            if (!words.isEmpty()) {
                events.add(commit(words, h.audioMs()));
            }
            if (h.utteranceEnded() && !utterance.isEmpty()) {
                events.add(endSegment());
            }
        }
        return events;
    }

    private TextCommit commit(List<Word> words, long audioMs) {
        StringBuilder delta = new StringBuilder();
        for (Word w : words) {
            if (!text.isEmpty() || !delta.isEmpty()) {
                delta.append(' ');
            }
            delta.append(w.text());
        }
        text.append(delta);
        utterance.addAll(words);
        return new TextCommit(delta.toString(), words, audioMs);
    }

    private TranscriptSegment endSegment() {
        String joined = String.join(" ", utterance.stream().map(Word::text).toList());
        TranscriptSegment segment = new TranscriptSegment(joined,
                utterance.getFirst().startMs() / 1000.0, utterance.getLast().endMs() / 1000.0, utterance);
        utterance.clear();
        segments.add(segment);
        return segment;
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
