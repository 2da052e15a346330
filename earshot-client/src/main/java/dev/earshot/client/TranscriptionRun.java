package dev.earshot.client;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ServerEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One {@code transcribeStream}: a virtual thread sends the audio while the caller iterates
 * the events; iteration ends after {@code transcription.done} or {@code error}.
 *
 * <p>Without resume, any end of the connection before that is an error here, even a close with
 * 1000: the caller asked for a transcript and did not get one. With resume ({@link KeptAudio} and
 * {@link Resumer} given), the reader replaces a lost connection: it drops the old one, opens a new
 * session, and a replay thread sends the kept audio (and the end, if the sender got that far)
 * before the sender may send anything more; {@link StreamStitch} hides the seam from the caller.
 * The sender waits while a replay runs, so a resume is a pause in reading the audio source.
 */
final class TranscriptionRun extends LookAheadIterator<ServerEvent> implements AutoCloseable {

    private final Thread sender;
    /** Null when the stream does not resume; then {@link #kept} is null too. */
    private final Resumer resumer;
    private final KeptAudio kept;
    private final Consumer<Resumption> onResume;
    private final StreamStitch stitch = new StreamStitch();
    /** Orders the sender's sends against a resume's replay. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Condition replaced = sendLock.newCondition();
    /** The connection in use; guarded by {@link #sendLock}, read by the reader without it. */
    private volatile WebSocketConnection connection;
    /** Bumped by each resume; guarded by {@link #sendLock}. */
    private int generation;
    /** A replay of the kept audio is under way; the sender waits. Guarded by {@link #sendLock}. */
    private boolean replaying;
    /** The sender reached the end of the audio and sends, or sent, flush and end. Guarded by {@link #sendLock}. */
    private boolean audioEnded;
    private volatile boolean finished;

    private TranscriptionRun(WebSocketConnection connection, Resumer resumer, KeptAudio kept,
            Consumer<Resumption> onResume, Iterator<byte[]> audio, AutoCloseable source) {
        this.connection = connection;
        this.resumer = resumer;
        this.kept = resumer == null ? null : kept;
        this.onResume = onResume;
        this.sender = Thread.ofVirtual().name("earshot-audio-sender").unstarted(() -> sendAll(audio, source));
    }

    /** Starts sending, without resume; the caller owns the result and must close it. */
    static TranscriptionRun start(WebSocketConnection connection, Iterator<byte[]> audio, AutoCloseable source) {
        return start(connection, null, null, r -> { }, audio, source);
    }

    /**
     * Starts sending; the stream resumes through {@code resumer} when it and {@code kept} are not
     * null. The caller owns the result and must close it.
     */
    static TranscriptionRun start(WebSocketConnection connection, Resumer resumer, KeptAudio kept,
            Consumer<Resumption> onResume, Iterator<byte[]> audio, AutoCloseable source) {
        TranscriptionRun run = new TranscriptionRun(connection, kept == null ? null : resumer, kept, onResume,
                audio, source);
        run.sender.start();
        return run;
    }

    private void sendAll(Iterator<byte[]> audio, AutoCloseable source) {
        try (source) {
            while (audio.hasNext()) {
                byte[] chunk = audio.next();
                send(() -> {
                    if (kept != null) {
                        kept.add(chunk);
                    }
                }, c -> c.sendAudio(chunk));
            }
            send(() -> audioEnded = true, c -> {
                c.flush();
                c.end();
            });
        } catch (RealtimeException | InterruptedException e) {
            // The connection ended, or the run was closed; the reader sees why from the inbox already.
        } catch (Exception e) {
            connection.failLocally(RealtimeException.of("audio source failed: " + e, e));
        }
    }

    /**
     * Under the send lock, once no replay runs: notes what is sent, then sends it. When the send
     * fails on a resuming stream, waits until the reader has replaced the connection (whose replay
     * includes what was noted) or given up.
     */
    private void send(Runnable note, Consumer<WebSocketConnection> action) throws InterruptedException {
        sendLock.lockInterruptibly();
        try {
            while (replaying) {
                replaced.await();
            }
            note.run();
            int sentOn = generation;
            try {
                action.accept(connection);
            } catch (RealtimeException e) {
                if (resumer == null) {
                    throw e;
                }
                while (generation == sentOn && !finished) {
                    replaced.await();
                }
                if (finished) {
                    throw e;
                }
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** The next event for the caller, through a resume when the connection is lost; null once finished. */
    @Override
    protected ServerEvent fetch() {
        while (!finished) {
            ServerEvent event;
            try {
                event = connection.nextEvent(null);
            } catch (RealtimeException e) {
                resumeOrFail(e);
                continue;
            }
            if (resumer != null && event instanceof ServerEvent.ErrorEvent error
                    && error.error().code() == ErrorCode.SHUTTING_DOWN.code()) {
                resumeOrFail(RealtimeException.serverError(error.error()));
                continue;
            }
            ServerEvent stitched = stitch.apply(event);
            if (stitched != null) {
                if (kept != null && stitched instanceof ServerEvent.Segment segment) {
                    kept.segmentEnded(segment.end());
                }
                return stitched;
            }
        }
        return null;
    }

    /** Hands out an event; after the last ({@code transcription.done} or {@code error}) closes the run. */
    @Override
    public ServerEvent next() {
        ServerEvent event = super.next();
        if (event instanceof ServerEvent.TranscriptionDone || event instanceof ServerEvent.ErrorEvent) {
            close();
        }
        return event;
    }

    /** Goes on in a new session when the stream resumes and {@code failure} may pass; else closes and throws. */
    private void resumeOrFail(RealtimeException failure) {
        if (resumer == null || finished || !Resumer.mayPass(failure)) {
            close();
            throw beforeDone(failure);
        }
        long lost = System.nanoTime();
        WebSocketConnection old = connection;
        old.abort(failure);
        Resumer.Opened opened;
        try {
            opened = resumer.open();
        } catch (RealtimeException e) {
            close();
            throw new RealtimeException("connection lost (" + failure.getMessage() + ") and not resumed: "
                    + e.getMessage(), e.errorCode(), e.closeCode(), e);
        }
        KeptAudio.Snapshot replay = replaceConnection(opened.connection());
        Duration took = Duration.ofNanos(System.nanoTime() - lost);
        stitch.resumed(replay.startSeconds());
        onResume.accept(new Resumption(failure, old.session().requestId(), opened.connection().session().requestId(),
                replay.startSeconds(), replay.bytes() / kept.bytesPerSecond(), opened.attempts(), took));
    }

    /** Installs {@code fresh} and starts replaying the kept audio on it; returns what it replays. */
    private KeptAudio.Snapshot replaceConnection(WebSocketConnection fresh) {
        sendLock.lock();
        try {
            connection = fresh;
            int replayOf = ++generation;
            KeptAudio.Snapshot replay = kept.snapshot();
            boolean end = audioEnded;
            replaying = true;
            replaced.signalAll();
            Thread.ofVirtual().name("earshot-audio-replay").start(() -> replay(fresh, replay, end, replayOf));
            return replay;
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends the kept audio, and the end if the sender had sent it, then lets the sender go on. */
    private void replay(WebSocketConnection fresh, KeptAudio.Snapshot replay, boolean end, int replayOf) {
        try {
            replay.chunks().forEach(fresh::sendAudio);
            if (end) {
                fresh.flush();
                fresh.end();
            }
        } catch (RealtimeException e) {
            // This connection failed too; the reader sees it and resumes again.
        } finally {
            sendLock.lock();
            try {
                if (generation == replayOf) {
                    replaying = false;
                    replaced.signalAll();
                }
            } finally {
                sendLock.unlock();
            }
        }
    }

    private static RealtimeException beforeDone(RealtimeException e) {
        if (e.closeCode() != RealtimeException.NONE) {
            return new RealtimeException(e.getMessage() + " before transcription.done", e.errorCode(),
                    e.closeCode(), e);
        }
        return e;
    }

    /** Stops the sender and closes the connection; idempotent. */
    @Override
    public void close() {
        finished = true;
        // Ends the sender's waits and blocked sends alike.
        sender.interrupt();
        connection.close();
    }
}
