package dev.earshot.server.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.DoneSegment;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ProtocolException;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.Usage;
import dev.earshot.server.ops.ServerMetrics;
import dev.earshot.streaming.LanguageDetected;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptEvent;
import dev.earshot.streaming.TranscriptSegment;

/**
 * One realtime transcription session: a plain blocking loop on its own virtual thread over a
 * bounded queue that the WebSocket handler fills.
 *
 * <p>Threading: {@link #offer} and {@link #stop} are called by Jetty's threads; everything else
 * runs on the session's thread, which alone touches the transcriber and sends frames. The
 * transcriber is closed, and the recognizer returned, in {@link #run}'s {@code finally}, however
 * the session ends.
 */
final class RealtimeSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);

    /** Messages waiting for the session's thread. When full, {@link #offer} blocks Jetty's
     *  handler thread, so Jetty stops reading this socket and TCP flow control slows the client
     *  down: audio is never dropped. 64 appends of the SDKs' 480 ms chunks are 30 s of audio. */
    static final int INBOUND_CAPACITY = 64;
    /** How often a blocked {@link #offer} checks whether the session ended meanwhile. */
    private static final long OFFER_RECHECK_MS = 100;
    /** Voxtral 3's wording (Mistral's docs), so that code written for it recognises the refusal. */
    static final String SETTINGS_LOCKED_MESSAGE = "Session fields cannot be changed after audio has started.";
    static final String BINARY_FRAME_MESSAGE =
            "binary frames are not supported: send audio as base64 in input_audio.append";

    /** The end of a session: the close code to send, and why, for the log line. */
    record Ending(int closeCode, String reason) {
    }

    private final String requestId;
    private final String model;
    private final SpeechEngine engine;
    private final Outbound out;
    private final ProtocolCodec codec;
    private final SessionLimits limits;
    private final ServerMetrics metrics;
    private final Runnable onEnd;
    private final BlockingQueue<Inbound> inbound = new ArrayBlockingQueue<>(INBOUND_CAPACITY);
    private final long startNanos = System.nanoTime();
    /** When audio last arrived (the start at first): idle means no audio, so that flushes or
     *  updates alone cannot hold a place. Confined to the session's thread. */
    private long lastAudioNanos = startNanos;
    /** Set once, by a Jetty thread; the loop checks it before each message. */
    private volatile Inbound.Stop stop;
    /** Set when the loop has ended: offers are dropped from then on. */
    private volatile boolean finished;

    // Confined to the session's thread.
    private final ArrivalLog arrivals = new ArrivalLog();
    private SessionSettings settings = SessionSettings.DEFAULT;
    /** Null until the first append: the format may change until then. */
    private StreamingTranscriber transcriber;
    /**
     * The stream the last accepted {@code session.update} opened, so that the engine judged its
     * options at the update rather than at the first audio; the first audio takes it over. Null
     * before any update and after an update the engine refused.
     */
    private StreamingTranscriber prepared;
    private long bytesIn;
    private boolean languageSent;
    /** The language the engine last detected; null for an engine that does not detect one. */
    private String detectedLanguage;
    private long processingNanos;
    private double audioSecondsCounted;

    RealtimeSession(String requestId, String model, SpeechEngine engine, Outbound out, ProtocolCodec codec,
            SessionLimits limits, ServerMetrics metrics, Runnable onEnd) {
        this.requestId = requestId;
        this.model = model;
        this.engine = engine;
        this.out = out;
        this.codec = codec;
        this.limits = limits;
        this.metrics = metrics;
        this.onEnd = onEnd;
    }

    /** Queues a message; blocks while the queue is full (back-pressure). Never drops a message
     *  of a running session. Called by Jetty's threads. */
    void offer(Inbound message) {
        try {
            while (!finished && !inbound.offer(message, OFFER_RECHECK_MS, TimeUnit.MILLISECONDS)) {
                // Full: keep Jetty from reading more until the session catches up.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes the session end at its next step, ahead of queued messages. Never blocks. */
    void stop(Inbound.Stop why) {
        if (stop == null) {
            stop = why;
        }
        inbound.offer(why); // Wakes the loop; if the queue is full it is awake anyway.
    }

    @Override
    public void run() {
        metrics.sessionStarted();
        Ending ending = new Ending(CloseCodes.INTERNAL_ERROR, "internal error");
        try {
            out.send(new ServerEvent.SessionCreated(settings.info(requestId, model)));
            ending = loop();
        } catch (EngineException e) {
            LOG.warn("engine failure request_id={}: {}", requestId, e.getMessage());
            ending = fail("engine failure: " + e.getMessage());
        } catch (InterruptedException e) {
            ending = stopped(new Inbound.Stop("interrupted", CloseCodes.GOING_AWAY, false));
        } catch (RuntimeException | Error e) {
            LOG.error("session failed request_id={}", requestId, e);
            ending = fail("internal error: " + e.getClass().getSimpleName());
        } finally {
            end(ending);
        }
    }

    private Ending loop() throws InterruptedException {
        long deadline = startNanos + limits.maxSessionLength().toNanos();
        while (true) {
            long idleDeadline = lastAudioNanos + limits.idleTimeout().toNanos();
            long wait = Math.max(0, Math.min(idleDeadline, deadline) - System.nanoTime());
            Inbound next = inbound.poll(wait, TimeUnit.NANOSECONDS);
            Inbound.Stop why = stop != null ? stop : unreachable();
            Ending ending = why != null ? stopped(why) : next == null ? timedOut(deadline) : handle(next);
            if (ending != null) {
                return ending;
            }
        }
    }

    /** A client that a frame could not reach is gone: its queued audio is not decoded for no one. */
    private Inbound.Stop unreachable() {
        String failure = out.failure();
        return failure == null ? null : new Inbound.Stop("client unreachable: " + failure, CloseCodes.ABNORMAL, true);
    }

    /** The result of one message: null to go on, or how the session ends. */
    private Ending handle(Inbound next) {
        return switch (next) {
            case Inbound.Text text -> handleText(text);
            case Inbound.Binary binary -> {
                out.error(ErrorCode.BAD_REQUEST, BINARY_FRAME_MESSAGE);
                yield null;
            }
            case Inbound.Stop why -> stopped(why);
        };
    }

    private Ending handleText(Inbound.Text text) {
        ClientEvent event;
        try {
            event = codec.readClientEvent(text.json());
        } catch (ProtocolException e) {
            out.error(e.errorCode(), e.getMessage());
            return null;
        }
        return switch (event) {
            case ClientEvent.SessionUpdate update -> update(update);
            case ClientEvent.InputAudioAppend append -> append(append, text.receivedNanos());
            case ClientEvent.InputAudioFlush flush -> flush();
            case ClientEvent.InputAudioEnd end -> end();
        };
    }

    /**
     * Applies an update before the audio: fields the model declares it cannot honour are refused
     * one error each; then the engine opens a stream with the result, so that an option only it
     * can judge (a bias word missing from its dictionary) is refused here too, with its one line.
     * Either refusal leaves the settings as they were. {@code session.updated} means both accepted.
     */
    private Ending update(ClientEvent.SessionUpdate update) {
        if (transcriber != null) {
            out.error(ErrorCode.CONFLICT, SETTINGS_LOCKED_MESSAGE);
            return null;
        }
        List<String> errors = new ArrayList<>();
        SessionSettings updated = settings.apply(update.session(), model, engine.info(), errors);
        if (!errors.isEmpty()) {
            errors.forEach(message -> out.error(ErrorCode.BAD_REQUEST, message));
            return null;
        }
        closePrepared();
        try {
            prepared = new StreamingTranscriber(engine, updated.format(), updated.streamOptions());
        } catch (IllegalArgumentException e) {
            out.error(ErrorCode.BAD_REQUEST, e.getMessage());
            return null;
        }
        settings = updated;
        out.send(new ServerEvent.SessionUpdated(settings.info(requestId, model)));
        return null;
    }

    private void closePrepared() {
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
    }

    private Ending append(ClientEvent.InputAudioAppend append, long receivedNanos) {
        byte[] audio;
        try {
            audio = codec.audioBytes(append, limits.maxChunkBytes());
        } catch (ProtocolException e) {
            out.error(e.errorCode(), e.getMessage());
            return null;
        }
        Ending refused = open();
        if (refused != null) {
            return refused;
        }
        StreamingTranscriber stream = transcriber;
        if (audio.length > 0) {
            lastAudioNanos = receivedNanos;
        }
        bytesIn += audio.length;
        arrivals.received(bytesIn / settings.format().encoding().bytesPerSample(),
                settings.format().sampleRate(), receivedNanos);
        send(timed(() -> stream.append(audio)));
        return null;
    }

    private Ending flush() {
        if (transcriber != null) {
            send(timed(transcriber::flush));
        }
        return null;
    }

    private Ending end() {
        Ending refused = open();
        if (refused != null) {
            return refused;
        }
        StreamingTranscriber stream = transcriber;
        int dropped = stream.pendingBytes();
        if (dropped > 0) {
            out.error(ErrorCode.BAD_REQUEST, "dropped " + dropped + " trailing byte(s) at input_audio.end: "
                    + settings.format().encoding().wireName() + " takes "
                    + settings.format().encoding().bytesPerSample() + " bytes per sample");
        }
        send(timed(stream::finish));
        Transcript result = stream.transcript();
        // The recognizer goes back to the engine before done is sent: a client that opens its
        // next session on receiving done would otherwise find its decoder still taken, and the
        // engine would load another one, stalling a worker's other streams, and count the old
        // stream when choosing a worker (docs/benchmarks.md, "Where the server's extra CPU went").
        stream.close();
        sendLanguageOnce();
        List<DoneSegment> segments = result.segments().stream()
                .map(s -> new DoneSegment(s.text(), s.start(), s.end(), null, null)).toList();
        out.send(new ServerEvent.TranscriptionDone(model, result.text(), segments,
                Usage.ofAudio(bytesIn / settings.format().encoding().bytesPerSample(), settings.format().sampleRate()),
                language()));
        rejectLateMessages();
        return new Ending(CloseCodes.NORMAL, "transcription done");
    }

    /** Whatever arrived after {@code input_audio.end} and before the close gets one error each. */
    private void rejectLateMessages() {
        for (Inbound late = inbound.poll(); late != null && stop == null; late = inbound.poll()) {
            switch (late) {
                case Inbound.Text text -> out.error(ErrorCode.BAD_REQUEST,
                        "message after input_audio.end: the session takes no more messages");
                case Inbound.Binary binary -> out.error(ErrorCode.BAD_REQUEST, BINARY_FRAME_MESSAGE);
                case Inbound.Stop why -> {
                    // The socket closes anyway.
                }
            }
        }
    }

    /** The poll came back empty: the session is over its length or idle, or neither yet (a
     *  message that was not audio arrived meanwhile and the wait simply ran out). */
    private Ending timedOut(long deadline) {
        long now = System.nanoTime();
        if (now - deadline < 0 && now - (lastAudioNanos + limits.idleTimeout().toNanos()) < 0) {
            return null;
        }
        if (now - deadline >= 0) {
            out.error(ErrorCode.TOO_MANY_REQUESTS, "session reached the maximum length of "
                    + limits.maxSessionLength().toSeconds() + " s");
            return new Ending(CloseCodes.POLICY_VIOLATION, "maximum session length");
        }
        out.error(ErrorCode.TOO_MANY_REQUESTS, "no audio for " + limits.idleTimeout().toSeconds()
                + " s: idle timeout");
        return new Ending(CloseCodes.POLICY_VIOLATION, "idle timeout");
    }

    private Ending stopped(Inbound.Stop why) {
        if (!why.clientGone()) {
            out.error(ErrorCode.SHUTTING_DOWN, "server shutting down: " + why.reason());
        }
        return new Ending(why.closeCode(), why.reason());
    }

    private Ending fail(String message) {
        out.error(ErrorCode.ENGINE_FAILURE, message);
        return new Ending(CloseCodes.INTERNAL_ERROR, message);
    }

    /**
     * Opens the stream at the first audio, which locks the settings: the one the last update
     * prepared, else one with the defaults. The engine judged an update's options when it came;
     * it may still refuse the defaults (one line), and the session cannot go on without its
     * recognizer.
     *
     * @return null once the stream is open, or how the session ends
     */
    private Ending open() {
        if (transcriber == null && prepared != null) {
            transcriber = prepared;
            prepared = null;
        } else if (transcriber == null) {
            try {
                transcriber = new StreamingTranscriber(engine, settings.format(), settings.streamOptions());
            } catch (IllegalArgumentException e) {
                out.error(ErrorCode.BAD_REQUEST, e.getMessage());
                return new Ending(CloseCodes.POLICY_VIOLATION, "session settings refused by the engine");
            }
        }
        return null;
    }

    /** The language asked for, else the one the engine detected, else the model's only one; null if none. */
    private String language() {
        if (settings.language() != null) {
            return settings.language();
        }
        return detectedLanguage != null ? detectedLanguage : engine.info().onlyLanguage();
    }

    /**
     * Runs engine work, adding its time and the audio it consumed to the metrics; what it
     * committed is sent after, so that the time of writing to the socket is not counted.
     */
    private <T> T timed(Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        long nanos = System.nanoTime() - start;
        processingNanos += nanos;
        double audioSeconds = transcriber.audioSeconds();
        metrics.processed(audioSeconds - audioSecondsCounted, nanos);
        audioSecondsCounted = audioSeconds;
        return result;
    }

    private void send(List<TranscriptEvent> events) {
        for (TranscriptEvent event : events) {
            switch (event) {
                case TextCommit commit -> sendText(commit);
                case TranscriptSegment segment -> out.send(new ServerEvent.Segment(segment.text(), segment.start(),
                        segment.end(), null));
                case LanguageDetected detected -> detectedLanguage = detected.language();
            }
        }
    }

    private void sendText(TextCommit commit) {
        sendLanguageOnce();
        out.send(new ServerEvent.TextDelta(commit.text()));
        long arrival = arrivals.arrivalOf(commit.words().getLast().endMs());
        if (arrival != Long.MIN_VALUE) {
            long delayNanos = TimeUnit.MILLISECONDS.toNanos(settings.delay().millis());
            metrics.textLatencyBeyondTarget(Duration.ofNanos(System.nanoTime() - arrival - delayNanos));
        }
    }

    private void sendLanguageOnce() {
        // A model of several languages with no language asked for has none to report here
        // (done.language is then null, which the protocol allows).
        if (!languageSent && language() != null) {
            languageSent = true;
            out.send(new ServerEvent.LanguageDetected(language()));
        }
    }

    private void end(Ending ending) {
        finished = true;
        inbound.clear();
        if (transcriber != null) {
            transcriber.close();
        }
        closePrepared();
        out.close(ending.closeCode(), ending.reason());
        metrics.sessionEnded(audioSecondsCounted, processingNanos);
        onEnd.run();
        LOG.info("session_end request_id={} model={} audio_seconds={} duration_ms={} close_code={} close_reason=\"{}\"",
                requestId, model, String.format("%.3f", audioSecondsCounted),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), ending.closeCode(), ending.reason());
    }
}
