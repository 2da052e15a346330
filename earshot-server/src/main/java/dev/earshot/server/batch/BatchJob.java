package dev.earshot.server.batch;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import dev.earshot.audio.AudioFileReader;
import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.ops.ServerMetrics;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptListener;
import dev.earshot.streaming.TranscriptSegment;
import io.javalin.http.HttpStatus;

/**
 * One file through the streaming core at the largest target delay, which gives the engine the
 * most context before each commit: the same text as {@code earshot transcribe --delay 10000}.
 *
 * <p>The audio goes to the engine in {@value #CHUNK_MS} ms pieces, one call at a time, on the
 * same engine workers as the realtime sessions. A worker runs its streams' calls in arrival
 * order, so a realtime chunk waits behind at most one piece of a batch job: a job weighs on
 * realtime latency like one more stream, however long its file. Runs on the caller's thread.
 */
final class BatchJob implements TranscriptListener {

    /** What {@code earshot transcribe} sends at a time; the same pieces give the same text. */
    static final int CHUNK_MS = 100;
    private static final int CHUNK_BYTES = AudioFormat.DEFAULT.sampleRate() * AudioFileReader.BYTES_PER_SAMPLE
            * CHUNK_MS / 1000;

    private final Consumer<ServerEvent> events;
    private final String language;
    private boolean languageSent;

    private BatchJob(Consumer<ServerEvent> events, String language) {
        this.events = events;
        this.language = language;
    }

    /**
     * Transcribes {@code audio}, telling {@code events} of each commit as the realtime endpoint
     * would (language once, deltas, segments).
     *
     * @param request  the language and bias phrases to pass to the engine
     * @param name     how the client knows the file, for messages
     * @param maxAudio longest audio accepted; a longer file fails with 413 once that much was read
     * @throws HttpError 400 if the file is not audio or the engine refuses an option, 413 if it
     *                   is too long
     */
    static Transcript run(SpeechEngine engine, TranscriptionRequest request, Path audio, String name,
            Duration maxAudio, ServerMetrics metrics, Consumer<ServerEvent> events) throws HttpError {
        BatchJob job = new BatchJob(events, language(engine, request));
        StreamOptions options = new StreamOptions(TargetDelay.MAX_MS, request.language(), request.contextBias(), null);
        // The language is the model's, known before any audio: a streaming client hears it first.
        job.sendLanguageOnce();
        try (AudioFileReader reader = AudioFileReader.open(audio);
             StreamingTranscriber transcriber = new StreamingTranscriber(engine, AudioFormat.DEFAULT, options,
                     job)) {
            double counted = 0;
            for (byte[] chunk = reader.read(CHUNK_BYTES); chunk != null; chunk = reader.read(CHUNK_BYTES)) {
                if (reader.secondsRead() > maxAudio.toSeconds()) {
                    throw new HttpError(HttpStatus.CONTENT_TOO_LARGE, "'" + name + "' is longer than the "
                            + maxAudio.toSeconds() + " s this server transcribes");
                }
                long start = System.nanoTime();
                transcriber.append(chunk);
                metrics.processed(reader.secondsRead() - counted, System.nanoTime() - start);
                counted = reader.secondsRead();
            }
            long start = System.nanoTime();
            Transcript transcript = transcriber.finish();
            metrics.processed(0, System.nanoTime() - start);
            return transcript;
        } catch (IllegalArgumentException e) {
            // The engine refused an option (a bias phrase it cannot spell, say): its one line.
            throw HttpError.badRequest(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the upload's temporary file is gone: " + e.getMessage(), e);
        } catch (IOException e) {
            throw HttpError.badRequest(e.getMessage().replace(audio.toString(), "'" + name + "'"));
        }
    }

    /** The language asked for, else the model's only one (null for a model of several). */
    static String language(SpeechEngine engine, TranscriptionRequest request) {
        return request.language() != null ? request.language() : engine.info().onlyLanguage();
    }

    @Override
    public void onText(TextCommit commit) {
        events.accept(new ServerEvent.TextDelta(commit.text()));
    }

    @Override
    public void onSegment(TranscriptSegment segment) {
        events.accept(new ServerEvent.Segment(segment.text(), segment.start(), segment.end(), null));
    }

    private void sendLanguageOnce() {
        if (!languageSent) {
            languageSent = true;
            events.accept(new ServerEvent.LanguageDetected(language));
        }
    }
}
