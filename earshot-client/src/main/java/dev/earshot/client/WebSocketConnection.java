package dev.earshot.client;

import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.protocol.SessionInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/** The {@link RealtimeConnection} over the JDK's WebSocket client. */
final class WebSocketConnection implements RealtimeConnection {

    /** Normal closure, RFC 6455 section 7.4.1. */
    static final int NORMAL_CLOSURE = 1000;

    /** How long {@link #close()} waits for the server's close frame, and for a send in
     *  progress, before dropping the TCP connection. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Ping intervals without a frame from the server after which the connection is given up. */
    static final int SILENT_PINGS = 3;

    private final WebSocket socket;
    private final Inbox inbox;
    private final ProtocolCodec codec;
    /** The JDK allows one outstanding send at a time; this serializes them. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final SessionInfo session;
    /** Pings the server while the connection is open; null when pings are off. */
    private final Thread pinger;
    private volatile boolean closed;

    private WebSocketConnection(WebSocket socket, Inbox inbox, ProtocolCodec codec, SessionInfo session,
            Duration pingInterval) {
        this.socket = socket;
        this.inbox = inbox;
        this.codec = codec;
        this.session = session;
        this.pinger = pingInterval.isZero() ? null
                : Thread.ofVirtual().name("earshot-ping").start(() -> pingUntilClosed(pingInterval));
    }

    /** Opens, waits for {@code session.created}, and sends the update if asked for. */
    static WebSocketConnection open(HttpClient http, ClientConfig config, ProtocolCodec codec, String model,
            AudioFormatSpec audioFormat, Integer targetStreamingDelayMs) {
        URI uri = RealtimeUris.realtime(config.baseUri(), model);
        Inbox inbox = new Inbox(codec);
        WebSocket socket = handshake(http, config, uri, inbox);
        SessionInfo session;
        try {
            session = awaitSessionCreated(inbox, config.sessionTimeout(), uri);
        } catch (RuntimeException e) {
            socket.abort();
            throw e;
        }
        WebSocketConnection connection = new WebSocketConnection(socket, inbox, codec, session, config.pingInterval());
        if (audioFormat != null || targetStreamingDelayMs != null) {
            connection.updateSession(new SessionConfig(audioFormat, targetStreamingDelayMs));
        }
        return connection;
    }

    private static WebSocket handshake(HttpClient http, ClientConfig config, URI uri, Inbox inbox) {
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(config.connectTimeout())
                .header("User-Agent", config.userAgent());
        if (config.apiKey() != null) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        CompletableFuture<WebSocket> future = builder.buildAsync(uri, inbox);
        try {
            // The builder's timeout covers the TCP connect; this one bounds the whole handshake.
            return future.get(config.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                throw new RealtimeException("WebSocket handshake with " + uri + " refused: HTTP " + status,
                        status, RealtimeException.NONE, refused);
            }
            throw RealtimeException.of("cannot connect to " + uri + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw RealtimeException.of("WebSocket handshake with " + uri + " timed out", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw RealtimeException.of("interrupted while connecting to " + uri, e);
        }
    }

    /** Events before {@code session.created} are kept and put back for the caller, as the SDKs do. */
    private static SessionInfo awaitSessionCreated(Inbox inbox, Duration timeout, URI uri) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServerEvent> early = new ArrayList<>();
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            Inbox.Item item = takeUninterruptedly(inbox, left.isNegative() ? Duration.ZERO : left);
            switch (item) {
                case null -> throw RealtimeException.of("no session.created from " + uri + " within " + timeout, null);
                case Inbox.Item.Event(ServerEvent.SessionCreated created) -> {
                    early.add(created);
                    inbox.pushBack(early);
                    return created.session();
                }
                case Inbox.Item.Event(ServerEvent.ErrorEvent error) -> throw RealtimeException.serverError(error.error());
                case Inbox.Item.Event(ServerEvent other) -> early.add(other);
                case Inbox.Item.Closed(int code, String reason) ->
                        throw RealtimeException.closed(code, reason, "before session.created");
                case Inbox.Item.Failed(RealtimeException failure) -> throw failure;
            }
        }
    }

    private static Inbox.Item takeUninterruptedly(Inbox inbox, Duration timeout) {
        try {
            return inbox.take(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RealtimeException.of("interrupted while waiting for session.created", e);
        }
    }

    /**
     * Sends a ping every {@code interval}; when nothing has come from the server for
     * {@link #SILENT_PINGS} intervals, fails the connection, so that a reader waiting for events
     * and a sender blocked on a full socket both end with an error instead of waiting forever.
     * Any frame counts as an answer: a busy server's pongs may queue behind its events.
     */
    private void pingUntilClosed(Duration interval) {
        long limit = interval.toNanos() * SILENT_PINGS;
        try {
            while (!closed) {
                Thread.sleep(interval);
                long silent = System.nanoTime() - inbox.lastHeardNanos();
                if (closed) {
                    return;
                }
                if (silent > limit) {
                    inbox.fail(RealtimeException.of("no answer from the server for "
                            + Duration.ofNanos(silent).toMillis() + " ms (pinged every " + interval.toMillis()
                            + " ms): it hung, or the network dropped the connection", null));
                    socket.abort();
                    return;
                }
                try {
                    socket.sendPing(ByteBuffer.allocate(0));
                } catch (IllegalStateException e) {
                    // Pings already queue behind a send that the server does not take; the silence decides.
                }
            }
        } catch (InterruptedException e) {
            // close() stops the pings.
        }
    }

    @Override
    public SessionInfo session() {
        return session;
    }

    @Override
    public void sendAudio(byte[] audio) {
        int max = ProtocolCodec.MAX_AUDIO_CHUNK_BYTES;
        if (audio.length == 0) {
            return; // an empty append carries nothing; skip the round trip
        }
        for (int from = 0; from < audio.length; from += max) {
            byte[] part = from == 0 && audio.length <= max ? audio
                    : Arrays.copyOfRange(audio, from, Math.min(audio.length, from + max));
            send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(part)));
        }
    }

    @Override
    public void flush() {
        send(new ClientEvent.InputAudioFlush());
    }

    @Override
    public void end() {
        send(new ClientEvent.InputAudioEnd());
    }

    @Override
    public void updateSession(SessionConfig config) {
        send(new ClientEvent.SessionUpdate(config));
    }

    private void send(ClientEvent event) {
        String text = codec.encode(event);
        sendLock.lock();
        try {
            if (closed) {
                throw RealtimeException.of("cannot send " + event.type() + ": the connection is closed", null);
            }
            socket.sendText(text, true).get();
        } catch (ExecutionException e) {
            throw RealtimeException.of("cannot send " + event.type() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RealtimeException.of("interrupted while sending " + event.type(), e);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public ServerEvent nextEvent(Duration timeout) {
        Inbox.Item item;
        try {
            item = inbox.take(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RealtimeException.of("interrupted while waiting for an event", e);
        }
        return switch (item) {
            case null -> null;
            case Inbox.Item.Event(ServerEvent event) -> event;
            case Inbox.Item.Closed(int code, String reason) when closed ->
                    throw new RealtimeException("connection closed by the client", RealtimeException.NONE, code, null);
            case Inbox.Item.Closed(int code, String reason) -> throw RealtimeException.closed(code, reason, "");
            case Inbox.Item.Failed(RealtimeException failure) -> throw failure;
        };
    }

    /**
     * Drops the connection at once, without a close frame: the server is gone or unreachable, and
     * a send blocked on it fails now. The reader sees {@code cause}. Idempotent.
     */
    void abort(RealtimeException cause) {
        closed = true;
        if (pinger != null) {
            pinger.interrupt();
        }
        inbox.fail(cause);
        socket.abort();
    }

    /** Ends the event queue with {@code error}, as if the connection had failed; for the audio sender. */
    void failLocally(RealtimeException error) {
        inbox.fail(error);
    }

    @Override
    public Iterator<ServerEvent> events() {
        return new LookAheadIterator<>() {
            @Override
            protected ServerEvent fetch() {
                try {
                    return nextEvent(null);
                } catch (RealtimeException e) {
                    if (!closed && e.closeCode() != NORMAL_CLOSURE) {
                        throw e;
                    }
                    return null;
                }
            }
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pinger != null) {
            pinger.interrupt();
        }
        inbox.discard();
        try {
            // A send blocked on a server that stopped reading must not block the close too.
            if (sendLock.tryLock(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    socket.sendClose(NORMAL_CLOSURE, "").get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } finally {
                    sendLock.unlock();
                }
            }
            inbox.awaitEnd(CLOSE_TIMEOUT);
        } catch (ExecutionException | TimeoutException e) {
            // The output is already closed or broken: nothing left to say to the server.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.abort();
            inbox.fail(RealtimeException.of("connection closed by the client", null));
        }
    }
}
