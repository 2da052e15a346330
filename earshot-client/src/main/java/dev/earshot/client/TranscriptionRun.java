package dev.earshot.client;

import dev.earshot.protocol.ServerEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One {@code transcribeStream}: a virtual thread sends the audio while the caller iterates
 * the events; iteration ends after {@code transcription.done} or {@code error}.
 *
 * <p>Any end of the connection before that is an error here, even a close with 1000: the
 * caller asked for a transcript and did not get one.
 */
final class TranscriptionRun implements Iterator<ServerEvent>, AutoCloseable {

    private final WebSocketConnection connection;
    private final Thread sender;
    private ServerEvent next;
    private boolean finished;

    private TranscriptionRun(WebSocketConnection connection, Iterator<byte[]> audio, AutoCloseable source) {
        this.connection = connection;
        this.sender = Thread.ofVirtual().name("earshot-audio-sender").unstarted(() -> sendAll(audio, source));
    }

    /** Starts sending; the caller owns the result and must close it. */
    static TranscriptionRun start(WebSocketConnection connection, Iterator<byte[]> audio, AutoCloseable source) {
        TranscriptionRun run = new TranscriptionRun(connection, audio, source);
        run.sender.start();
        return run;
    }

    private void sendAll(Iterator<byte[]> audio, AutoCloseable source) {
        try (source) {
            while (audio.hasNext()) {
                connection.sendAudio(audio.next());
            }
            connection.flush();
            connection.end();
        } catch (RealtimeException e) {
            // The connection ended; the reader sees why from the inbox already.
        } catch (Exception e) {
            connection.failLocally(RealtimeException.of("audio source failed: " + e, e));
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        try {
            next = connection.nextEvent(null);
        } catch (RealtimeException e) {
            close();
            if (e.closeCode() != RealtimeException.NONE) {
                throw new RealtimeException(e.getMessage() + " before transcription.done", e.errorCode(),
                        e.closeCode(), e);
            }
            throw e;
        }
        if (next instanceof ServerEvent.TranscriptionDone || next instanceof ServerEvent.ErrorEvent) {
            finished = true;
        }
        return true;
    }

    @Override
    public ServerEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ServerEvent event = next;
        next = null;
        if (finished) {
            close();
        }
        return event;
    }

    /** Stops the sender and closes the connection; idempotent. */
    @Override
    public void close() {
        finished = true;
        sender.interrupt();
        connection.close();
    }
}
