package dev.earshot.client;

import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The WebSocket listener of one connection: joins text frames into messages, decodes them,
 * and queues them for a blocking reader, followed by one terminal item (closed or failed).
 *
 * <p>Flow control: the JDK delivers a frame only after {@code request(1)}. The inbox asks
 * for the next frame while fewer than {@link #MAX_BUFFERED_EVENTS} events wait; at the limit
 * it asks no more, the JDK stops reading the socket, and TCP slows the server, until
 * {@link #take} makes room. Nothing is ever dropped.
 */
final class Inbox implements WebSocket.Listener {

    /** Events held for a slow reader before the socket is no longer read. A few seconds of
     *  deltas; a reader that falls behind more than this slows the server instead. */
    static final int MAX_BUFFERED_EVENTS = 1024;

    /** Longest message accepted, in chars. A whole transcript of hours fits; a server that
     *  streams an endless message gets the connection closed with 1009 (message too big,
     *  RFC 6455 section 7.4.1) instead of exhausting memory. */
    static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

    /** An entry of the queue: an event, or how the connection ended. */
    sealed interface Item {
        record Event(ServerEvent event) implements Item { }
        record Closed(int code, String reason) implements Item { }
        record Failed(RealtimeException error) implements Item { }
    }

    private final ProtocolCodec codec;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Events in arrival order, then at most one terminal item, which stays at the head once
     *  reached so that every later {@link #take} sees it. Guarded by {@link #lock}. */
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    /** Guarded by {@link #lock}: a frame is owed to the JDK because the queue was full. */
    private boolean demandPaused;
    /** Guarded by {@link #lock}: after {@link #discard()}, events are not kept. */
    private boolean discarding;
    private volatile WebSocket socket;
    /** {@link System#nanoTime()} of the last frame of any kind from the server. */
    private volatile long lastHeardNanos = System.nanoTime();
    /** Only touched by the listener callbacks, which the JDK never runs concurrently. */
    private final StringBuilder partial = new StringBuilder();

    Inbox(ProtocolCodec codec) {
        this.codec = codec;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastHeardNanos = System.nanoTime();
        partial.append(data);
        if (partial.length() > MAX_MESSAGE_CHARS) {
            partial.setLength(0);
            fail(RealtimeException.of("server message longer than " + MAX_MESSAGE_CHARS + " characters", null));
            webSocket.sendClose(1009, "message too big");
            webSocket.abort();
            return null;
        }
        if (!last) {
            webSocket.request(1);
            return null;
        }
        String json = partial.toString();
        partial.setLength(0);
        addEvent(codec.readServerEvent(json));
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastHeardNanos = System.nanoTime();
        // The protocol has only text messages; the SDKs skip anything else.
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        // The JDK answers with a pong itself; we only need to keep reading.
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeardNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        addTerminal(new Item.Closed(statusCode, reason));
        return null; // the JDK then answers the close frame
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail(RealtimeException.of("connection failed: " + error, error));
    }

    /**
     * {@link System#nanoTime()} of the last frame from the server; while the reader lags so far
     * behind that the socket is not read ({@link #MAX_BUFFERED_EVENTS}), the current time, since
     * the silence is then the reader's doing.
     */
    long lastHeardNanos() {
        lock.lock();
        try {
            return demandPaused ? System.nanoTime() : lastHeardNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the queue with a failure seen by the reader after the events already queued. */
    void fail(RealtimeException error) {
        addTerminal(new Item.Failed(error));
    }

    /**
     * The next item, waiting at most {@code timeout} (null: no limit). A terminal item is
     * returned again on every later call.
     *
     * @return null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    Item take(Duration timeout) throws InterruptedException {
        long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = timeout == null ? awaitForever() : changed.awaitNanos(nanos);
            }
            Item head = items.peekFirst();
            if (head instanceof Item.Event) {
                items.removeFirst();
                resumeIfRoom();
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** Puts events back at the head, in order: those read while waiting for {@code session.created}. */
    void pushBack(List<ServerEvent> events) {
        lock.lock();
        try {
            for (int i = events.size() - 1; i >= 0; i--) {
                items.addFirst(new Item.Event(events.get(i)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops queued events and keeps reading frames without limit, so a close frame queued
     *  behind a full inbox is still seen. */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            items.removeIf(item -> item instanceof Item.Event);
            resumeIfRoom();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the connection has ended; true if it did within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!hasTerminal()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private long awaitForever() throws InterruptedException {
        changed.await();
        return Long.MAX_VALUE;
    }

    private void addEvent(ServerEvent event) {
        lock.lock();
        try {
            if (!discarding) {
                items.addLast(new Item.Event(event));
                changed.signalAll();
            }
            if (queuedEvents() < MAX_BUFFERED_EVENTS) {
                socket.request(1);
            } else {
                demandPaused = true;
            }
        } finally {
            lock.unlock();
        }
    }

    private void addTerminal(Item item) {
        lock.lock();
        try {
            if (!hasTerminal()) {
                items.addLast(item);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void resumeIfRoom() {
        if (demandPaused && queuedEvents() < MAX_BUFFERED_EVENTS) {
            demandPaused = false;
            socket.request(1);
        }
    }

    private boolean hasTerminal() {
        Item last = items.peekLast();
        return last != null && !(last instanceof Item.Event);
    }

    private int queuedEvents() {
        return hasTerminal() ? items.size() - 1 : items.size();
    }
}
