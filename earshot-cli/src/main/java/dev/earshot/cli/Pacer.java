package dev.earshot.cli;

import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands out audio chunks no faster than a live source would produce them: chunk {@code n} is
 * released once the audio before it has had time to be spoken, so a file plays in real time.
 */
final class Pacer implements Iterator<byte[]> {

    private final Iterator<byte[]> chunks;
    private final double bytesPerSecond;
    private long start = -1;
    private long bytesReleased;

    Pacer(Iterator<byte[]> chunks, double bytesPerSecond) {
        this.chunks = chunks;
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public boolean hasNext() {
        return chunks.hasNext();
    }

    @Override
    public byte[] next() {
        byte[] chunk = chunks.next();
        if (start < 0) {
            start = System.nanoTime();
        }
        // Release a chunk when it has been fully "recorded", as a microphone would.
        bytesReleased += chunk.length;
        long due = start + (long) (bytesReleased / bytesPerSecond * 1e9);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return chunk;
    }
}
