package dev.earshot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import dev.earshot.audio.Pacer;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.eval.WordErrorRate;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.TranscriptEvent;

/**
 * Sends one recording through the streaming core in this process, with no server and no socket,
 * paced and timed as {@link SessionRunner} does over the wire: the same N streams measured both
 * ways show what the server path adds to the core's own latency on the same machine. A sender
 * thread puts each chunk on a queue when it is due, as a client writes it to its socket whatever
 * the server is doing; the runner's thread appends them, as a session's thread does. Blocks.
 */
final class CoreRunner implements StreamRunner {

    private final SpeechEngine engine;
    private final int chunkMs;
    private final boolean realTime;

    CoreRunner(SpeechEngine engine, int chunkMs, boolean realTime) {
        this.engine = engine;
        this.chunkMs = chunkMs;
        this.realTime = realTime;
    }

    /** Word ends come from the commits themselves, so {@code reference} is not needed. */
    @Override
    public SessionResult run(Recording recording, int delayMs, References.Reference reference) {
        List<byte[]> chunks = recording.audio().chunks(chunkMs);
        long[] sent = new long[chunks.size()];
        BlockingQueue<Integer> due = new LinkedBlockingQueue<>();
        List<Double> latencies = new ArrayList<>();
        long[] firstCommit = {-1};
        Consumer<List<TranscriptEvent>> timing = events -> {
            long now = System.nanoTime();
            for (TranscriptEvent event : events) {
                if (event instanceof TextCommit commit) {
                    if (firstCommit[0] < 0) {
                        firstCommit[0] = now;
                    }
                    commit.words().forEach(w -> latencies.add(
                            SessionRunner.latencyMs(now, w.endMs(), sent, chunkMs, delayMs)));
                }
            }
        };
        Thread sender = Thread.ofVirtual().start(() -> {
            Pacer pacer = new Pacer(realTime ? chunkMs : 0);
            try {
                for (int k = 0; k < chunks.size(); k++) {
                    pacer.awaitChunk(k);
                    sent[k] = System.nanoTime();
                    due.add(k); // Publishes sent[k] to the runner's thread.
                }
            } catch (InterruptedException e) {
                // The stream failed and no longer takes chunks.
            }
        });
        try (StreamingTranscriber transcriber = new StreamingTranscriber(engine, recording.audio().format(),
                new TargetDelay(delayMs))) {
            for (int i = 0; i < chunks.size(); i++) {
                timing.accept(transcriber.append(chunks.get(due.take())));
            }
            timing.accept(transcriber.flush());
            timing.accept(transcriber.finish());
            String text = transcriber.transcript().text();
            double firstText = firstCommit[0] < 0 || sent.length == 0 ? -1 : (firstCommit[0] - sent[0]) / 1e6;
            return new SessionResult(recording.id(), recording.seconds(), latencies, true, firstText,
                    WordErrorRate.score(recording.transcript(), text), null, false);
        } catch (EngineException e) {
            return SessionRunner.failed(recording, e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SessionRunner.failed(recording, "interrupted", false);
        } finally {
            sender.interrupt();
        }
    }
}
