package dev.earshot.server.batch;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.earshot.audio.AudioFileReader;
import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.LanguageDetected;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptEvent;
import dev.earshot.streaming.TranscriptSegment;
import io.javalin.http.HttpStatus;

/**
 * One file through the streaming core at the largest target delay, which gives the engine the
 * most context before each commit: the same text as {@code earshot transcribe --delay 10000}.
 *
 * <p>The audio goes to the engine in {@value #CHUNK_MS} ms pieces, one call at a time, on the
 * same engine workers as the realtime sessions: as fast as the worker takes them on a server
 * without realtime sessions, and while any is open with rests that hold the job to the engine
 * time of one more stream ({@link BatchPace}), however long its file. Runs on the caller's
 * thread; ends early with 503 when the server's drain cuts it.
 */
final class BatchJob {

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
     * @param request the language and bias phrases to pass to the engine
     * @param name    how the client knows the file, for messages
     * @throws HttpError 400 if the file is not audio or the engine refuses an option, 413 if it
     *                   is longer than {@link JobEnvironment#maxAudio()}, 503 if the drain cut it
     */
    static Transcript run(SpeechEngine engine, TranscriptionRequest request, Path audio, String name,
            JobEnvironment env, Consumer<ServerEvent> events) throws HttpError {
        BatchJob job = new BatchJob(events, language(engine, request));
        StreamOptions options = new StreamOptions(TargetDelay.MAX_MS, request.language(), request.contextBias(), null);
        // The language is the model's, known before any audio: a streaming client hears it first.
        job.sendLanguageOnce();
        BatchPace pace = new BatchPace(env.realtimeSessions());
        try (AudioFileReader reader = AudioFileReader.open(audio);
             StreamingTranscriber transcriber = new StreamingTranscriber(engine, AudioFormat.DEFAULT, options)) {
            double counted = 0;
            for (byte[] chunk = reader.read(CHUNK_BYTES); chunk != null; chunk = reader.read(CHUNK_BYTES)) {
                if (reader.secondsRead() > env.maxAudio().toSeconds()) {
                    throw new HttpError(HttpStatus.CONTENT_TOO_LARGE, "'" + name + "' is longer than the "
                            + env.maxAudio().toSeconds() + " s this server transcribes");
                }
                awaitTurn(pace, env, counted);
                long start = System.nanoTime();
                List<TranscriptEvent> committed = transcriber.append(chunk);
                long end = System.nanoTime();
                env.metrics().processed(reader.secondsRead() - counted, end - start);
                pace.worked(start, end);
                counted = reader.secondsRead();
                job.send(committed);
            }
            long start = System.nanoTime();
            List<TranscriptEvent> last = transcriber.finish();
            env.metrics().processed(0, System.nanoTime() - start);
            job.send(last);
            return transcriber.transcript();
        } catch (IllegalArgumentException e) {
            // The engine refused an option (a bias phrase it cannot spell, say): its one line.
            throw HttpError.badRequest(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the upload's temporary file is gone: " + e.getMessage(), e);
        } catch (IOException e) {
            throw HttpError.badRequest(e.getMessage().replace(audio.toString(), "'" + name + "'"));
        }
    }

    /** Waits for the next piece's turn; throws 503 once the drain cuts running jobs. */
    private static void awaitTurn(BatchPace pace, JobEnvironment env, double secondsDone) throws HttpError {
        try {
            pace.await(env.cut());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cut(secondsDone);
        }
        if (env.cut().getAsBoolean()) {
            throw cut(secondsDone);
        }
    }

    private static HttpError cut(double secondsDone) {
        return new HttpError(HttpStatus.SERVICE_UNAVAILABLE, String.format(Locale.ROOT,
                "server shutting down: the transcription was cut after %.1f s of audio; send it again", secondsDone));
    }

    /** The language asked for, else the model's only one (null for a model of several). */
    static String language(SpeechEngine engine, TranscriptionRequest request) {
        return request.language() != null ? request.language() : engine.info().onlyLanguage();
    }

    /** Passes on what the transcriber committed, after the engine work it was timed by. */
    private void send(List<TranscriptEvent> committed) {
        for (TranscriptEvent event : committed) {
            switch (event) {
                case TextCommit commit -> events.accept(new ServerEvent.TextDelta(commit.text()));
                case TranscriptSegment segment -> events.accept(new ServerEvent.Segment(segment.text(),
                        segment.start(), segment.end(), null));
                case LanguageDetected detected -> {
                    // The job reports the language asked for or the model's, sent before any text.
                }
            }
        }
    }

    private void sendLanguageOnce() {
        if (!languageSent) {
            languageSent = true;
            events.accept(new ServerEvent.LanguageDetected(language));
        }
    }
}
