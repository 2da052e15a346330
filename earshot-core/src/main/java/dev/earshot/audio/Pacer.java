package dev.earshot.audio;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Real-time pacing of one stream, as a microphone would deliver it: chunk {@code k} is due
 * {@code k} chunk lengths after the stream started. A chunk length of 0 paces nothing: every
 * chunk is due at once. Not thread-safe; one per stream.
 */
public final class Pacer {

    private final long startNanos = System.nanoTime();
    private final long chunkNanos;

    /** @param chunkMs the audio in one chunk, or 0 to send as fast as the receiver takes it */
    public Pacer(int chunkMs) {
        this.chunkNanos = TimeUnit.MILLISECONDS.toNanos(chunkMs);
    }

    /**
     * Blocks until chunk {@code k} is due; returns at once if it is already late.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public void awaitChunk(int k) throws InterruptedException {
        long due = startNanos + k * chunkNanos;
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before chunk " + k + " was due");
            }
        }
    }

    /**
     * {@code chunks} of {@code chunkMs} each, handed out as a live source would: chunk {@code k}
     * once {@code k} chunk lengths have passed since the first was asked for. A thread
     * interrupted while it waits gets the chunk at once and keeps its interrupt status.
     */
    public static Iterator<byte[]> paced(Iterator<byte[]> chunks, int chunkMs) {
        return new Iterator<>() {
            private Pacer pacer;
            private int next;

            @Override
            public boolean hasNext() {
                return chunks.hasNext();
            }

            @Override
            public byte[] next() {
                byte[] chunk = chunks.next();
                if (pacer == null) {
                    pacer = new Pacer(chunkMs);
                }
                try {
                    pacer.awaitChunk(next++);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return chunk;
            }
        };
    }
}
