package dev.earshot.server.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ServerEvent;

/**
 * Server-sent events (the HTML standard's {@code text/event-stream}): each event is an
 * {@code event:} line with its type and a {@code data:} line with the same JSON the realtime
 * WebSocket sends, flushed at once. JSON has no raw newlines, so one data line always suffices.
 * Not thread-safe: the job's thread writes.
 */
final class EventStream {

    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final OutputStream out;
    private final ProtocolCodec codec;

    EventStream(OutputStream out, ProtocolCodec codec) {
        this.out = out;
        this.codec = codec;
    }

    /** Writes and flushes one event; a client that went away fails the job with an {@link UncheckedIOException}. */
    void send(ServerEvent event) {
        String frame = "event: " + event.type() + "\ndata: " + codec.encode(event) + "\n\n";
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("client went away: " + e.getMessage(), e);
        }
    }

    /** Ends the response now, so that it is complete before the job gives back its place. Never throws. */
    void close() {
        try {
            out.close();
        } catch (IOException e) {
            // The client went away: nothing left to complete.
        }
    }
}
