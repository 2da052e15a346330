package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ErrorInfo;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;

/**
 * A JDK WebSocket listener that turns callbacks into timed queue polls: every server message
 * becomes a {@link ServerEvent}, the close a {@link Closed}, a failure a {@link Failed}. Tests
 * take them in order with the {@code expect*} methods and end with {@link #assertExhausted()}.
 */
final class RealtimeRecorder implements WebSocket.Listener {

    /** Generous: engine work on a loaded 2-core machine can take seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    record Closed(int code, String reason) {
    }

    record Failed(Throwable error) {
    }

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Opens a WebSocket to {@code uri} with optional headers (name, value pairs) and subprotocols. */
    static RealtimeRecorder connect(URI uri, List<String> headers, String... subprotocols) {
        RealtimeRecorder recorder = new RealtimeRecorder();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
        for (int i = 0; i < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        recorder.socket = builder.buildAsync(uri, recorder).orTimeout(30, TimeUnit.SECONDS).join();
        return recorder;
    }

    WebSocket socket() {
        return socket;
    }

    void send(ClientEvent event) {
        sendText(CODEC.encode(event));
    }

    void sendText(String text) {
        socket.sendText(text, true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(30, TimeUnit.SECONDS).join();
    }

    Object next() {
        try {
            Object event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + TIMEOUT).isNotNull();
            return event;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    <T> T expect(Class<T> type) {
        Object event = next();
        assertThat(event).isInstanceOf(type);
        return type.cast(event);
    }

    /** The next event is an error with this code; returns it. */
    ErrorInfo expectError(int code) {
        ErrorInfo error = expect(ServerEvent.ErrorEvent.class).error();
        assertThat(error.code()).as("error code of " + error).isEqualTo(code);
        return error;
    }

    void expectError(int code, String message) {
        assertThat(expectError(code).messageText()).isEqualTo(message);
    }

    void expectClose(int code) {
        assertThat(expect(Closed.class).code()).isEqualTo(code);
    }

    /** Reads transcription events up to and including {@code transcription.done}; checks that
     *  the deltas add up to its text. */
    ServerEvent.TranscriptionDone expectTranscription(List<ServerEvent> seen) {
        StringBuilder deltas = new StringBuilder();
        while (true) {
            Object event = next();
            assertThat(event).isInstanceOf(ServerEvent.class).isNotInstanceOf(ServerEvent.ErrorEvent.class);
            seen.add((ServerEvent) event);
            switch ((ServerEvent) event) {
                case ServerEvent.TextDelta delta -> deltas.append(delta.text());
                case ServerEvent.TranscriptionDone done -> {
                    assertThat(done.text()).isEqualTo(deltas.toString());
                    return done;
                }
                default -> {
                }
            }
        }
    }

    ServerEvent.TranscriptionDone expectTranscription() {
        return expectTranscription(new ArrayList<>());
    }

    /** Nothing more arrived, and nothing arrives within a short while. */
    void assertExhausted() {
        try {
            Object extra = events.poll(100, TimeUnit.MILLISECONDS);
            assertThat(extra).as("no further event").isNull();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            events.add(CODEC.readServerEvent(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Closed(statusCode, reason));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Failed(error));
    }
}
