package dev.earshot.client;

import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.protocol.SessionInfo;
import java.time.Duration;
import java.util.Iterator;

/**
 * One open realtime transcription session: the lower-level API under
 * {@link RealtimeTranscription#transcribeStream}.
 *
 * <p>Lifecycle: a connection is returned only after the server's {@code session.created};
 * the events received up to and including it are the first that {@link #nextEvent} returns.
 * Send audio, then {@link #end()}, read events until {@code transcription.done} or
 * {@code error}, then {@link #close()}.
 *
 * <p>Threading: the send methods may be called from one thread while another reads events,
 * which is how {@code transcribeStream} uses it; sends are serialized internally. Every
 * method blocks, which suits virtual threads. Events are buffered up to a fixed number;
 * past it the connection stops reading from the socket until the caller catches up, so
 * nothing is dropped and the server is slowed by TCP flow control.
 */
public interface RealtimeConnection extends AutoCloseable {

    /** The session as {@code session.created} described it; never null. Later
     *  {@code session.updated} events are not reflected here. */
    SessionInfo session();

    /**
     * Sends raw PCM as one or more {@code input_audio.append}, split so that no message
     * carries more than 262,144 bytes. Blocks until written to the socket.
     *
     * @throws RealtimeException if the connection is closed or the write fails
     */
    void sendAudio(byte[] audio);

    /** Sends {@code input_audio.flush}. @throws RealtimeException as {@link #sendAudio} */
    void flush();

    /** Sends {@code input_audio.end}: no more audio will follow. @throws RealtimeException as {@link #sendAudio} */
    void end();

    /** Sends {@code session.update}; the answer is a {@code session.updated} or an {@code error}
     *  event. @throws RealtimeException as {@link #sendAudio} */
    void updateSession(SessionConfig session);

    /**
     * The next event, waiting at most {@code timeout} (null waits without limit). Messages
     * the client cannot read are {@link ServerEvent.UnknownEvent}s, never exceptions.
     *
     * @return the event, or null if none came within the timeout
     * @throws RealtimeException once the connection has ended and every event received
     *         before the end was returned: closed by the server (see
     *         {@link RealtimeException#closeCode()}), broken, or closed by {@link #close()}
     */
    ServerEvent nextEvent(Duration timeout);

    /**
     * The events as a blocking iterator. It ends quietly when the server closes with code
     * 1000 or this connection is closed, and throws {@link RealtimeException} from
     * {@code hasNext()} when the connection ends any other way.
     */
    Iterator<ServerEvent> events();

    /**
     * Closes with code 1000, waiting briefly for the server's close frame, then drops the
     * connection. Idempotent; never throws. Events not yet read are discarded.
     */
    @Override
    void close();
}
