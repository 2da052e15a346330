package dev.earshot.server.session;

/** What the WebSocket handler hands to a session's loop, in arrival order. */
sealed interface Inbound {

    /** A text frame, stamped with {@link System#nanoTime()} at arrival for the latency metric. */
    record Text(String json, long receivedNanos) implements Inbound {
    }

    /** A binary frame of {@code bytes} bytes; the protocol has none. */
    record Binary(int bytes) implements Inbound {
    }

    /**
     * Why a session must stop at once, ahead of any queued message.
     *
     * @param closeCode  the client's close code when it is gone, else the one to send
     * @param clientGone true when the socket is already closed, so nothing can be sent
     */
    record Stop(String reason, int closeCode, boolean clientGone) implements Inbound {
    }
}
