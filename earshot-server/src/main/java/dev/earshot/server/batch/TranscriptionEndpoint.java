package dev.earshot.server.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    private final Duration maxAudio;
    private final BooleanSupplier accepting;
    private final Semaphore jobs;
    private final UrlFetcher fetcher;
    private final ProtocolCodec codec = new ProtocolCodec();

    /**
     * @param maxAudio  longest audio transcribed: the realtime sessions' maximum length
     * @param accepting false while the server drains
     */
    public TranscriptionEndpoint(ModelCatalog models, ServerMetrics metrics, BatchSettings settings,
            Duration maxAudio, BooleanSupplier accepting) {
        this.models = models;
        this.metrics = metrics;
        this.settings = settings;
        this.maxAudio = maxAudio;
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

    /** Jobs running now. */
    public int activeJobs() {
        return settings.maxJobs() - jobs.availablePermits();
    }

    /** Handles one {@code POST}. */
    public void handle(Context ctx) {
        try {
            admit(ctx);
            if (!jobs.tryAcquire()) {
                throw new HttpError(HttpStatus.TOO_MANY_REQUESTS, "too many transcriptions: the server runs at most "
                        + settings.maxJobs() + " at once; try again later");
            }
            try {
                run(ctx);
            } finally {
                jobs.release();
            }
        } catch (HttpError e) {
            refuse(ctx, e);
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
            Transcript transcript = BatchJob.run(engine, request, audio, name, maxAudio, metrics, events);
            ServerEvent.TranscriptionDone done = Responses.done(request.model(), BatchJob.language(engine, request),
                    transcript,
                    Math.round(transcript.audioSeconds() * AudioFormat.DEFAULT.sampleRate()),
                    AudioFormat.DEFAULT.sampleRate());
            if (stream != null) {
                stream.send(done);
            } else {
                ctx.contentType(request.format().contentType())
                        .result(Responses.render(request.format(), done, transcript, request.words()));
            }
            outcome = "done";
            LOG.info("batch_end model={} file=\"{}\" audio_seconds={} duration_ms={}", request.model(), name,
                    String.format(Locale.ROOT, "%.3f", transcript.audioSeconds()),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (HttpError e) {
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
            metrics.batchJobEnded(outcome);
        }
    }

    private EventStream startEventStream(Context ctx) {
        ctx.status(HttpStatus.OK).contentType(EventStream.CONTENT_TYPE).header("Cache-Control", "no-cache");
        try {
            return new EventStream(ctx.outputStream(), codec);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot open the response stream", e));
        }
    }

    /** The form's fields; Jetty's size limits surface here as 413. */
    private Map<String, List<String>> formFields(Context ctx) throws HttpError {
        try {
            return ctx.formParamMap();
        } catch (RuntimeException e) {
            throw multipartFailure(e);
        }
    }

    private Map<String, List<UploadedFile>> formFiles(Context ctx) throws HttpError {
        try {
            return ctx.uploadedFileMap();
        } catch (RuntimeException e) {
            throw multipartFailure(e);
        }
    }

    private HttpError multipartFailure(RuntimeException e) {
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
        ctx.status(e.status()).json(body);
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
