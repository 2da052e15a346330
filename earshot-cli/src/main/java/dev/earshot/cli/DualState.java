package dev.earshot.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the dual-delay view shows, the seed's {@code DualTranscriptState}: both transcripts, both
 * statuses, and the first error. Written by the two stream threads, read by the one UI thread;
 * every access holds the lock, and each change wakes the UI thread.
 */
final class DualState {

    static final String CONNECTING = "🔌 Connecting...";
    static final String LISTENING = "🎤 Listening...";
    static final String DONE = "✅ Done";
    static final String ERROR = "❌ Error";
    static final String STOPPED = "⏹️ Stopped";

    /** A consistent copy for one redraw. */
    record Snapshot(String fastText, String slowText, String fastStatus, String slowStatus, String error,
            boolean fastDone, boolean slowDone) { }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder fastText = new StringBuilder();
    private final StringBuilder slowText = new StringBuilder();
    private String fastStatus = CONNECTING;
    private String slowStatus = CONNECTING;
    private String error;
    private boolean fastDone;
    private boolean slowDone;
    /** Guarded by lock: a change not yet seen by {@link #awaitChange}. */
    private boolean dirty = true;

    void append(boolean fast, String text) {
        update(() -> (fast ? fastText : slowText).append(text));
    }

    void status(boolean fast, String status) {
        update(() -> {
            if (fast) {
                fastStatus = status;
            } else {
                slowStatus = status;
            }
        });
    }

    void done(boolean fast) {
        update(() -> {
            if (fast) {
                fastDone = true;
                fastStatus = DONE;
            } else {
                slowDone = true;
                slowStatus = DONE;
            }
        });
    }

    /** Keeps the first error; both statuses become {@link #ERROR}, as in the seed. */
    void error(String message) {
        update(() -> {
            if (error == null) {
                error = message;
            }
            fastStatus = ERROR;
            slowStatus = ERROR;
        });
    }

    void stopped() {
        update(() -> {
            fastStatus = STOPPED;
            slowStatus = STOPPED;
        });
    }

    Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(fastText.toString(), slowText.toString(), fastStatus, slowStatus, error, fastDone,
                    slowDone);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something changed or {@code millis} passed. */
    void awaitChange(long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!dirty && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            dirty = false;
        } finally {
            lock.unlock();
        }
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            dirty = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
