package dev.earshot.server.session;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.ops.ServerMetrics;

/**
 * The sending half of one WebSocket. Each send blocks until Jetty has written the frame, under
 * a lock, so frames never interleave and a slow reader slows its own session only.
 */
final class Outbound {

    /** How long one frame may wait for the client to read; a client that reads nothing for
     *  this long is treated as gone. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Close reasons must fit a control frame: 125 bytes minus the 2-byte code (RFC 6455 5.5). */
    private static final int MAX_REASON_CHARS = 120;

    private final ReentrantLock lock = new ReentrantLock();
    private final Session socket;
    private final ProtocolCodec codec;
    private final ServerMetrics metrics;
    /** Why a frame could not be written, or null while every one was. */
    private volatile String failure;

    Outbound(Session socket, ProtocolCodec codec, ServerMetrics metrics) {
        this.socket = socket;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** Sends one event; false when the socket is closed or the write failed or timed out. */
    boolean send(ServerEvent event) {
        String json = codec.encode(event);
        lock.lock();
        try {
            if (!socket.isOpen()) {
                failure = "socket closed";
                return false;
            }
            Callback.Completable written = new Callback.Completable();
            socket.sendText(json, written);
            written.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            failure = "sending failed: " + e.getCause();
            return false;
        } catch (TimeoutException e) {
            failure = "the client read nothing for " + WRITE_TIMEOUT.toSeconds() + " s";
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Why a send failed, or null if none has. A client whose machine vanished without a reset
     * shows only here, by a write that timed out; its session ends then, rather than decoding
     * for no one and waiting out the timeout again at every later send.
     */
    String failure() {
        return failure;
    }

    /** Sends an {@code error} event and counts it. */
    boolean error(ErrorCode code, String message) {
        metrics.error(code.code());
        return send(ServerEvent.ErrorEvent.of(code, message));
    }

    /** Starts the closing handshake; Jetty completes it. Idempotent. */
    void close(int code, String reason) {
        lock.lock();
        try {
            if (socket.isOpen()) {
                socket.close(code, truncate(reason), Callback.NOOP);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses a connection that never becomes a session: an {@code error} event, then the close.
     * Asynchronous, so Jetty's connect callback does not wait on the client.
     */
    static void reject(Session socket, ProtocolCodec codec, ServerMetrics metrics, ErrorCode code, String message,
            int closeCode) {
        metrics.error(code.code());
        Runnable close = () -> socket.close(closeCode, truncate(message), Callback.NOOP);
        socket.sendText(codec.encode(ServerEvent.ErrorEvent.of(code, message)),
                Callback.from(close, failure -> close.run()));
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 3) + "...";
    }
}
