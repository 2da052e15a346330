package dev.earshot.server.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ErrorInfo;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.BatchSettings;
import dev.earshot.server.ops.ServerMetrics;
import dev.earshot.server.session.ModelCatalog;
import dev.earshot.streaming.Transcript;
import io.javalin.config.MultipartConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@value #PATH}: batch transcription of a whole file, in Mistral's form (multipart
 * {@code model} and {@code file}, answered with {@code model}, {@code text}, {@code language},
 * {@code segments} and {@code usage}, or server-sent events with {@code stream=true}) and with
 * OpenAI's {@code response_format}s. See docs/protocol.md for every field and error.
 *
 * <p>Limits, checked in this order before any audio is decoded: the server draining (503), the
 * declared size of the body (413, before reading it), the number of jobs at once (429), the
 * form (400, 404 for an unknown model), the upload's actual size (413). The audio's length is
 * checked as it is decoded (413). The API key is checked before, by the {@code /v1/*} filter.
 *
 * <p>Thread-safe: each request runs on its own virtual thread.
 */
public final class TranscriptionEndpoint {

    public static final String PATH = "/v1/audio/transcriptions";
    /** Room for the form's other fields and part headers around the file. */
    static final long FORM_OVERHEAD_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TranscriptionEndpoint.class);

    private final ModelCatalog models;
    private final ServerMetrics metrics;
    private final BatchSettings settings;
    private final JobEnvironment environment;
    private final BooleanSupplier accepting;
    /** Set when the drain's grace is over: running jobs end with 503 at their next piece. */
    private volatile boolean cutting;
    private final Semaphore jobs;
    private final UrlFetcher fetcher;
    private final ProtocolCodec codec = new ProtocolCodec();

    /**
     * @param maxAudio         longest audio transcribed: the realtime sessions' maximum length
     * @param realtimeSessions the realtime sessions open now: while there are any, jobs run at
     *                         real time, like one more stream
     * @param accepting        false while the server drains: new jobs get 503, running ones go on
     */
    public TranscriptionEndpoint(ModelCatalog models, ServerMetrics metrics, BatchSettings settings,
            Duration maxAudio, IntSupplier realtimeSessions, BooleanSupplier accepting) {
        this.models = models;
        this.metrics = metrics;
        this.settings = settings;
        this.environment = new JobEnvironment(maxAudio, metrics, realtimeSessions, () -> cutting);
        this.accepting = accepting;
        this.jobs = new Semaphore(settings.maxJobs());
        this.fetcher = new UrlFetcher(settings.maxUploadBytes());
    }

    /** Jetty's multipart limits: a larger part or body fails while it is read, not after. */
    public void configure(MultipartConfig multipart) {
        multipart.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        multipart.maxTotalRequestSize(settings.maxUploadBytes() + FORM_OVERHEAD_BYTES, SizeUnit.BYTES);
        // Parts above 1 MiB go to a temporary file rather than the heap.
        multipart.maxInMemoryFileSize(1, SizeUnit.MB);
    }

    /** Jobs running now, from the arrival of their request to their answer. */
    public int activeJobs() {
        return settings.maxJobs() - jobs.availablePermits();
    }

    /**
     * Waits up to {@code timeout} for every running job to end; true if they all did. New jobs
     * are refused meanwhile by {@code accepting}, which the caller has turned false.
     */
    public boolean awaitJobs(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (activeJobs() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Ends every running job at its next piece of audio with 503 (an {@code error} event on a
     * stream), saying how much it had done. Never blocks; an upload still being read is not cut.
     */
    public void cutAll() {
        cutting = true;
    }

    /** Handles one {@code POST}; a job answers before it gives back its place (see {@link #send}). */
    public void handle(Context ctx) {
        try {
            admit(ctx);
            if (!jobs.tryAcquire()) {
                throw new HttpError(HttpStatus.TOO_MANY_REQUESTS, "too many transcriptions: the server runs at most "
                        + settings.maxJobs() + " at once; try again later");
            }
        } catch (HttpError e) {
            refuse(ctx, e);
            return;
        }
        try {
            run(ctx);
        } catch (HttpError e) {
            refuse(ctx, e);
        } finally {
            jobs.release();
        }
    }

    private void admit(Context ctx) throws HttpError {
        if (!accepting.getAsBoolean()) {
            throw new HttpError(HttpStatus.SERVICE_UNAVAILABLE, "server shutting down: no new transcriptions");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxUploadBytes() + FORM_OVERHEAD_BYTES) {
            // Jetty would otherwise read the rest of the body to keep the connection.
            ctx.header("Connection", "close");
            throw tooLarge(declared + " bytes");
        }
        if (!ctx.isMultipartFormData()) {
            throw HttpError.badRequest("expected a multipart/form-data body (curl -F file=@audio.mp3 -F model=...), "
                    + "found Content-Type " + Optional.ofNullable(ctx.contentType()).orElse("none"));
        }
    }

    private void run(Context ctx) throws HttpError {
        TranscriptionRequest request = TranscriptionRequest.parse(formFields(ctx), formFiles(ctx));
        SpeechEngine engine = models.find(request.model()).orElseThrow(() -> new HttpError(HttpStatus.NOT_FOUND,
                "unknown model '" + request.model() + "': expected one of " + models.ids()));
        checkOptions(request, engine);
        Path audio = null;
        try {
            audio = Files.createTempFile("earshot-upload-", suffix(request));
            String name = save(request, audio);
            transcribe(ctx, request, engine, audio, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(audio);
        }
    }

    private void checkOptions(TranscriptionRequest request, SpeechEngine engine) throws HttpError {
        List<String> languages = engine.info().languages();
        if (request.language() != null && !languages.contains(request.language())) {
            throw HttpError.badRequest("language '" + request.language() + "' is not available: model '"
                    + request.model() + "' transcribes " + languages);
        }
        if (!request.contextBias().isEmpty() && !engine.info().biasPhrases()) {
            throw HttpError.badRequest("context_bias is not supported by model '" + request.model() + "': "
                    + "send the request without it");
        }
        if (request.fileUrl() != null && !settings.allowFileUrls()) {
            throw HttpError.badRequest("'file_url' is disabled on this server: the operator has not allowed "
                    + "fetching URLs (allow-file-urls); upload the audio as 'file'");
        }
    }

    /** Puts the audio in {@code target}; returns the name messages call it by. */
    private String save(TranscriptionRequest request, Path target) throws HttpError, IOException {
        if (request.fileUrl() != null) {
            fetcher.fetch(request.fileUrl(), target);
            return request.fileUrl().toString();
        }
        UploadedFile file = request.file();
        if (file.size() > settings.maxUploadBytes()) {
            throw tooLarge(file.size() + " bytes");
        }
        try (InputStream in = file.content()) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file.filename() == null || file.filename().isBlank() ? "file" : file.filename();
    }

    private void transcribe(Context ctx, TranscriptionRequest request, SpeechEngine engine, Path audio, String name)
            throws HttpError {
        long started = System.nanoTime();
        metrics.batchJobStarted();
        EventStream stream = request.stream() ? startEventStream(ctx) : null;
        Consumer<ServerEvent> events = stream == null ? event -> { } : stream::send;
        String outcome = "error";
        try {
            Transcript transcript = BatchJob.run(engine, request, audio, name, environment, events);
            ServerEvent.TranscriptionDone done = Responses.done(request.model(), BatchJob.language(engine, request),
                    transcript,
                    Math.round(transcript.audioSeconds() * AudioFormat.DEFAULT.sampleRate()),
                    AudioFormat.DEFAULT.sampleRate());
            if (stream != null) {
                stream.send(done);
            } else {
                send(ctx, HttpStatus.OK, request.format().contentType(),
                        Responses.render(request.format(), done, transcript, request.words()));
            }
            outcome = "done";
            LOG.info("batch_end model={} file=\"{}\" audio_seconds={} duration_ms={}", request.model(), name,
                    String.format(Locale.ROOT, "%.3f", transcript.audioSeconds()),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (HttpError e) {
            outcome = e.status() == HttpStatus.SERVICE_UNAVAILABLE ? "cut" : "error";
            if (stream == null) {
                throw e;
            }
            metrics.error(e.status().getCode());
            stream.send(new ServerEvent.ErrorEvent(new ErrorInfo(e.getMessage(), e.status().getCode())));
        } catch (EngineException e) {
            LOG.warn("engine failure in batch job: {}", e.getMessage());
            HttpError failure = new HttpError(HttpStatus.INTERNAL_SERVER_ERROR, "engine failure: " + e.getMessage());
            if (stream == null) {
                throw failure;
            }
            metrics.error(ErrorCode.ENGINE_FAILURE.code());
            stream.send(new ServerEvent.ErrorEvent(ErrorInfo.of(ErrorCode.ENGINE_FAILURE, failure.getMessage())));
        } catch (UncheckedIOException e) {
            outcome = "client_gone";
            LOG.info("batch job ended: {}", e.getMessage());
        } finally {
            if (stream != null) {
                stream.close();
            }
            metrics.batchJobEnded(outcome);
        }
    }

    /**
     * Opens the event stream on the servlet's own output: Javalin's {@code ctx.outputStream()}
     * holds back small writes to decide on compression, which would delay every event.
     */
    private EventStream startEventStream(Context ctx) {
        HttpServletResponse response = ctx.res();
        response.setStatus(HttpStatus.OK.getCode());
        response.setContentType(EventStream.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-cache");
        try {
            return new EventStream(response.getOutputStream(), codec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the response stream: " + e.getMessage(), e);
        }
    }

    /**
     * The form's fields; Jetty's size limits surface here as 413. Javalin (Kotlin) lets Jetty's
     * checked ServletException through undeclared: a file over the limit in a body within the
     * form's allowance arrives as one, and must not become a 500.
     */
    private Map<String, List<String>> formFields(Context ctx) throws HttpError {
        try {
            return ctx.formParamMap();
        } catch (Exception e) {
            throw multipartFailure(e);
        }
    }

    private Map<String, List<UploadedFile>> formFiles(Context ctx) throws HttpError {
        try {
            return ctx.uploadedFileMap();
        } catch (Exception e) {
            throw multipartFailure(e);
        }
    }

    private HttpError multipartFailure(Exception e) {
        String message = String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("exceeds") || m.contains("too large") || m.contains("max")) {
                return tooLarge("more than the limit");
            }
            message = String.valueOf(t.getMessage());
        }
        return HttpError.badRequest("malformed multipart/form-data body: " + message);
    }

    private HttpError tooLarge(String size) {
        return new HttpError(HttpStatus.CONTENT_TOO_LARGE, "upload of " + size + ": this server takes files up to "
                + settings.maxUploadBytes() + " bytes");
    }

    private void refuse(Context ctx, HttpError e) {
        metrics.error(e.status().getCode());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "error");
        body.put("message", e.getMessage());
        body.put("code", e.status().getCode());
        try {
            send(ctx, e.status(), ResponseFormat.JSON.contentType(), ctx.jsonMapper().toJsonString(body, Map.class));
        } catch (UncheckedIOException gone) {
            LOG.info("refusal not delivered ({}): {}", e.getMessage(), gone.getMessage());
        }
    }

    /**
     * Writes the whole answer and completes the response before the job gives back its place,
     * rather than leaving it to Javalin after the handler returns: a drain that waits for the
     * jobs to end stops Jetty right after, which would drop an answer not yet written.
     *
     * @throws UncheckedIOException if the client went away
     */
    private static void send(Context ctx, HttpStatus status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpServletResponse response = ctx.res();
        response.setStatus(status.getCode());
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("client went away: " + e.getMessage(), e);
        }
    }

    /** The upload's extension, which ffmpeg's probe uses as a hint. */
    private static String suffix(TranscriptionRequest request) {
        String name = request.file() != null ? request.file().filename() : request.fileUrl().getPath();
        int dot = name == null ? -1 : name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot);
        return ext.matches("\\.[A-Za-z0-9]{1,8}") ? ext : ".audio";
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}: {}", file, e.getMessage());
        }
    }
}
