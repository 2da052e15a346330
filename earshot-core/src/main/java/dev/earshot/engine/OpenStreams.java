package dev.earshot.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bookkeeping behind {@link SpeechEngine}'s lifecycle promises, for engine implementations:
 * counts the streams open on an engine ({@link SpeechEngine#openRecognizers()}), refuses new ones
 * once the engine is closed, makes that close idempotent, and lets a stream still open after it
 * fail cleanly and still count down when it is closed.
 *
 * <p>Thread-safe. The engine calls {@link #open()} in {@code newRecognizer} and {@link #close}
 * in its {@code close()}; each recognizer closes its {@link Stream} once, in its own
 * {@code close()}.
 */
public final class OpenStreams {

    private final String modelId;
    /** Streams counted and not yet closed. Guarded by this, as are the fields below. */
    private final Set<Stream> open = new HashSet<>();
    private boolean closed;
    /** What runs once the engine is closed and no stream is open; null once it ran, or before close. */
    private Runnable release;

    /** @param modelId the engine's model id, for the messages of its {@link EngineException}s */
    public OpenStreams(String modelId) {
        this.modelId = modelId;
    }

    /**
     * Counts a new stream, before the engine makes its recognizer: while a stream is counted,
     * {@link #close(Runnable)}'s release waits for it. If making the recognizer fails, close the
     * stream.
     *
     * @throws EngineException if the engine is closed
     */
    public synchronized Stream open() {
        if (closed) {
            throw new EngineException("model " + modelId + " is closed");
        }
        Stream stream = new Stream();
        open.add(stream);
        return stream;
    }

    /** The streams counted and not yet closed. */
    public synchronized int count() {
        return open.size();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the engine without releasing anything of its own; see {@link #close(Runnable)}.
     *
     * @return whether this call closed it: false if it was closed before
     */
    public boolean close() {
        return close(() -> { });
    }

    /**
     * Closes the engine: {@link #open()} fails from now on, each open stream's
     * {@link Stream#onAbort abort} runs on this thread, and {@code release} runs once no stream is
     * open, now or at the close of the last one (on that thread). Idempotent: later calls do
     * nothing.
     *
     * @param release frees what the engine's streams share (a model the decodes read); must not throw
     * @return whether this call closed it: false if it was closed before
     */
    public boolean close(Runnable release) {
        List<Runnable> aborts = new ArrayList<>();
        boolean idle;
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            open.stream().map(s -> s.abort).filter(Objects::nonNull).forEach(aborts::add);
            idle = open.isEmpty();
            this.release = idle ? null : release;
        }
        aborts.forEach(Runnable::run);
        if (idle) {
            release.run();
        }
        return true;
    }

    /** Takes the release to run if the engine is closed and {@code stream} was the last open. */
    private synchronized Runnable closed(Stream stream) {
        if (!open.remove(stream) || !closed || !open.isEmpty()) {
            return null;
        }
        Runnable r = release;
        release = null;
        return r;
    }

    /** One counted stream. */
    public final class Stream {

        /** Guarded by the enclosing {@link OpenStreams}. */
        private Runnable abort;

        private Stream() {
        }

        /**
         * Sets what stops this stream's work in progress when the engine closes under it (an
         * abort flag its decode polls, say); runs it at once if the engine is closed already. It
         * may run on any thread, during a call of the stream's own, and must not throw.
         */
        public void onAbort(Runnable abort) {
            boolean now;
            synchronized (OpenStreams.this) {
                this.abort = abort;
                now = closed && open.contains(this);
            }
            if (now) {
                abort.run();
            }
        }

        /**
         * For the start of a recognizer's {@code accept} and {@code endUtterance}.
         *
         * @throws EngineException if the engine was closed
         */
        public void requireUsable() {
            if (isClosed()) {
                throw new EngineException("model " + modelId + " was closed");
            }
        }

        /**
         * Counts the stream down, once: later calls do nothing. The last stream closed after the
         * engine runs the release its close left. Never throws.
         */
        public void close() {
            Runnable release = closed(this);
            if (release != null) {
                release.run();
            }
        }
    }
}
