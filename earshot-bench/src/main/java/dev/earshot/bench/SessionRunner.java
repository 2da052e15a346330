package dev.earshot.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.earshot.audio.Pacer;
import dev.earshot.client.RealtimeClient;
import dev.earshot.client.RealtimeConnection;
import dev.earshot.client.RealtimeException;
import dev.earshot.eval.WordErrorRate;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.DoneSegment;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.WireFormats;

/**
 * Sends one recording as one session through the SDK, paced in real time or as fast as the
 * socket takes it, and times every delta. Blocks; meant for a virtual thread per stream.
 */
final class SessionRunner implements StreamRunner {

    /** Longest wait for the server after the last chunk, beyond the recording's own length. */
    private static final Duration DONE_TIMEOUT = Duration.ofSeconds(60);

    private final RealtimeClient client;
    private final String model;
    private final int chunkMs;
    private final boolean realTime;

    SessionRunner(RealtimeClient client, String model, int chunkMs, boolean realTime) {
        this.client = client;
        this.model = model;
        this.chunkMs = chunkMs;
        this.realTime = realTime;
    }

    /** The server sent {@code error}, or never finished. */
    private static final class SessionFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionFailure(String message) {
            super(message);
        }
    }

    /** A delta and when it arrived. */
    private record Delta(String text, long nanos) {
    }

    /** Runs the session; never throws for a server failure, which the result records. */
    @Override
    public SessionResult run(Recording recording, int delayMs, References.Reference reference) {
        List<byte[]> chunks = recording.audio().chunks(chunkMs);
        long[] sent = new long[chunks.size()];
        List<Delta> deltas = new ArrayList<>();
        AudioFormatSpec spec = WireFormats.toWire(recording.audio().format());
        try (RealtimeConnection connection = client.audio().realtime().connect(model, spec, delayMs)) {
            Thread sender = Thread.ofVirtual().start(() -> send(connection, chunks, sent));
            ServerEvent.TranscriptionDone done = receive(connection, deltas, recording.seconds());
            sender.join(Duration.ofSeconds(5));
            return measure(recording, delayMs, reference, sent, deltas, done);
        } catch (RealtimeException e) {
            return failed(recording, e.getMessage(), e.closeCode() != RealtimeException.NONE);
        } catch (SessionFailure e) {
            return failed(recording, e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(recording, "interrupted", false);
        }
    }

    private void send(RealtimeConnection connection, List<byte[]> chunks, long[] sent) {
        Pacer pacer = new Pacer(realTime ? chunkMs : 0);
        try {
            for (int k = 0; k < chunks.size(); k++) {
                pacer.awaitChunk(k);
                connection.sendAudio(chunks.get(k));
                sent[k] = System.nanoTime();
            }
            connection.flush();
            connection.end();
        } catch (RealtimeException e) {
            // The reader sees the same failure and reports it.
        } catch (InterruptedException e) {
            // The session is over without this sender; the connection's close ends the stream.
        }
    }

    /** Reads events up to {@code transcription.done}; an {@code error} event ends it as a failure. */
    private ServerEvent.TranscriptionDone receive(RealtimeConnection connection, List<Delta> deltas, double seconds) {
        long deadline = System.nanoTime() + DONE_TIMEOUT.toNanos() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            ServerEvent event = connection.nextEvent(Duration.ofSeconds(1));
            long now = System.nanoTime();
            switch (event) {
                case null -> {
                }
                case ServerEvent.TextDelta delta -> deltas.add(new Delta(delta.text(), now));
                case ServerEvent.TranscriptionDone done -> {
                    return done;
                }
                case ServerEvent.ErrorEvent error -> throw new SessionFailure(
                        "error " + error.error().code() + ": " + error.error().messageText());
                default -> {
                }
            }
        }
        throw new SessionFailure("no transcription.done within " + DONE_TIMEOUT.toSeconds() + " s after the audio");
    }

    private SessionResult measure(Recording recording, int delayMs, References.Reference reference, long[] sent,
            List<Delta> deltas, ServerEvent.TranscriptionDone done) {
        List<Long> arrivals = new ArrayList<>();
        for (Delta d : deltas) {
            for (String word : d.text().trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    arrivals.add(d.nanos());
                }
            }
        }
        boolean exact = reference != null && reference.text().equals(done.text())
                && reference.wordEndsMs().length == arrivals.size();
        List<Double> latencies = new ArrayList<>();
        if (exact) {
            for (int i = 0; i < arrivals.size(); i++) {
                latencies.add(latencyMs(arrivals.get(i), reference.wordEndsMs()[i], sent, chunkMs, delayMs));
            }
        } else {
            int word = 0;
            for (DoneSegment segment : done.segments() == null ? List.<DoneSegment>of() : done.segments()) {
                word += segment.text().trim().split("\\s+").length;
                if (word - 1 < arrivals.size()) {
                    latencies.add(latencyMs(arrivals.get(word - 1), Math.round(segment.end() * 1000), sent, chunkMs,
                            delayMs));
                }
            }
        }
        double firstText = deltas.isEmpty() || sent.length == 0 ? -1 : (deltas.getFirst().nanos() - sent[0]) / 1e6;
        return new SessionResult(recording.id(), recording.seconds(), latencies, exact, firstText,
                WordErrorRate.score(recording.transcript(), done.text()), null, false);
    }

    /**
     * Latency beyond the delay of a word that ends at {@code endMs} of audio and arrived at
     * {@code arrival}: the chunk holding the word's last sample (its end is exclusive) was sent at
     * {@code sent[k]}.
     */
    static double latencyMs(long arrival, long endMs, long[] sent, int chunkMs, int delayMs) {
        int k = (int) Math.min(sent.length - 1, Math.max(0, (endMs - 1) / chunkMs));
        return (arrival - sent[k]) / 1e6 - delayMs;
    }

    static SessionResult failed(Recording recording, String message, boolean closed) {
        return new SessionResult(recording.id(), 0, List.of(), false, -1, WordErrorRate.Score.ZERO, message, closed);
    }
}
