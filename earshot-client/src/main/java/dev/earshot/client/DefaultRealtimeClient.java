package dev.earshot.client;

import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The {@link RealtimeClient}: one shared {@link HttpClient} and codec, a connection per call. */
final class DefaultRealtimeClient implements RealtimeClient, RealtimeClient.Audio, RealtimeTranscription {

    private final ClientConfig config;
    private final HttpClient http;
    private final ProtocolCodec codec = new ProtocolCodec();
    private volatile boolean closed;

    DefaultRealtimeClient(ClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    ClientConfig config() {
        return config;
    }

    @Override
    public Audio audio() {
        return this;
    }

    @Override
    public RealtimeTranscription realtime() {
        return this;
    }

    @Override
    public RealtimeConnection connect(String model, AudioFormatSpec audioFormat, Integer targetStreamingDelayMs) {
        return open(model, audioFormat, targetStreamingDelayMs);
    }

    private WebSocketConnection open(String model, AudioFormatSpec audioFormat, Integer delay) {
        Objects.requireNonNull(model, "model");
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        return WebSocketConnection.open(http, config, codec, model, audioFormat, delay);
    }

    @Override
    public void close() {
        closed = true;
        // Aborts the connections' sockets at once; each one's reader then sees the failure.
        http.shutdownNow();
    }

    @Override
    public Stream<ServerEvent> transcribeStream(Iterator<byte[]> audio, String model, AudioFormatSpec audioFormat,
            Integer targetStreamingDelayMs) {
        return stream(audio, () -> { }, model, audioFormat, targetStreamingDelayMs);
    }

    @Override
    public Stream<ServerEvent> transcribeStream(InputStream audio, String model, AudioFormatSpec audioFormat,
            Integer targetStreamingDelayMs) {
        return stream(AudioSources.of(audio), () -> { }, model, audioFormat, targetStreamingDelayMs);
    }

    @Override
    public Stream<ServerEvent> transcribeStream(Flow.Publisher<byte[]> audio, String model,
            AudioFormatSpec audioFormat, Integer targetStreamingDelayMs) {
        Objects.requireNonNull(audio, "audio");
        Resumer resumer = resumer(model, audioFormat, targetStreamingDelayMs);
        WebSocketConnection connection = resumer == null ? open(model, audioFormat, targetStreamingDelayMs)
                : resumer.first();
        // Subscribe only once connected, so a live source is not read into a void meanwhile.
        AudioSources.PublisherIterator chunks = AudioSources.of(audio);
        return toStream(run(connection, resumer, audioFormat, chunks, chunks));
    }

    private Stream<ServerEvent> stream(Iterator<byte[]> audio, AutoCloseable source, String model,
            AudioFormatSpec audioFormat, Integer delay) {
        Objects.requireNonNull(audio, "audio");
        Resumer resumer = resumer(model, audioFormat, delay);
        WebSocketConnection connection = resumer == null ? open(model, audioFormat, delay) : resumer.first();
        return toStream(run(connection, resumer, audioFormat, audio, source));
    }

    /** Opens sessions with these settings for a resuming stream; null when the client does not resume. */
    private Resumer resumer(String model, AudioFormatSpec audioFormat, Integer delay) {
        return config.resumes() ? new Resumer(() -> open(model, audioFormat, delay)) : null;
    }

    private TranscriptionRun run(WebSocketConnection connection, Resumer resumer, AudioFormatSpec audioFormat,
            Iterator<byte[]> audio, AutoCloseable source) {
        if (resumer == null) {
            return TranscriptionRun.start(connection, audio, source);
        }
        AudioFormatSpec format = audioFormat != null ? audioFormat : connection.session().audioFormat();
        return TranscriptionRun.start(connection, resumer, KeptAudio.of(format, config.keptAudio()),
                config.onResume(), audio, source);
    }

    private static Stream<ServerEvent> toStream(TranscriptionRun run) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(run,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(run::close);
    }

    @Override
    public CompletableFuture<ServerEvent> transcribeAsync(Flow.Publisher<byte[]> audio, String model,
            AudioFormatSpec audioFormat, Integer targetStreamingDelayMs, Consumer<? super ServerEvent> onEvent) {
        Objects.requireNonNull(onEvent, "onEvent");
        CompletableFuture<ServerEvent> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("earshot-transcribe").start(() -> {
            ServerEvent last = null;
            try (Stream<ServerEvent> events = transcribeStream(audio, model, audioFormat, targetStreamingDelayMs)) {
                for (Iterator<ServerEvent> it = events.iterator(); it.hasNext() && !result.isDone(); ) {
                    last = it.next();
                    onEvent.accept(last);
                }
                result.complete(last);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        // Cancelling must not leave the worker blocked on the socket; interrupting it ends the wait.
        result.whenComplete((event, error) -> {
            if (result.isCancelled()) {
                worker.interrupt();
            }
        });
        return result;
    }
}
