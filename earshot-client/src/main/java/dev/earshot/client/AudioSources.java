package dev.earshot.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/** Adapts the audio inputs {@code transcribeStream} accepts to one blocking {@link Iterator}. */
final class AudioSources {

    /** Largest chunk read from an {@link InputStream} at once: half a second of 16 kHz
     *  16-bit mono, well under the 262,144-byte append limit. */
    static final int INPUT_STREAM_CHUNK_BYTES = 16 * 1024;

    /** Chunks requested ahead from a {@link Flow.Publisher}. At the limit the publisher
     *  must wait for demand (Reactive Streams rule 1.1), so a fast producer cannot fill
     *  memory while the socket is slow. */
    static final int PUBLISHER_PREFETCH = 16;

    private AudioSources() {
    }

    /** Chunks of what each {@code read} returns; end of stream ends the iteration. */
    static Iterator<byte[]> of(InputStream in) {
        return new LookAheadIterator<>() {
            @Override
            protected byte[] fetch() {
                byte[] buffer = new byte[INPUT_STREAM_CHUNK_BYTES];
                try {
                    int n = in.read(buffer);
                    return n < 0 ? null : Arrays.copyOf(buffer, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** A subscriber that can be iterated; {@link PublisherIterator#close()} cancels it. */
    static PublisherIterator of(Flow.Publisher<byte[]> publisher) {
        PublisherIterator iterator = new PublisherIterator();
        publisher.subscribe(iterator);
        return iterator;
    }

    /** Bridges push to pull with bounded demand. */
    static final class PublisherIterator extends LookAheadIterator<byte[]>
            implements Flow.Subscriber<byte[]>, AutoCloseable {
        private static final Object COMPLETE = new Object();

        private record Failure(Throwable error) { }

        /** Holds at most the prefetched chunks plus the terminal signal. */
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(PUBLISHER_PREFETCH + 1);
        private volatile Flow.Subscription subscription;
        /** The publisher's error once taken from the queue: every later fetch throws it again. */
        private Failure failure;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(PUBLISHER_PREFETCH);
        }

        @Override
        public void onNext(byte[] item) {
            queue.offer(item);
        }

        @Override
        public void onError(Throwable throwable) {
            queue.offer(new Failure(throwable));
        }

        @Override
        public void onComplete() {
            queue.offer(COMPLETE);
        }

        @Override
        protected byte[] fetch() {
            Object signal = failure;
            if (signal == null) {
                try {
                    signal = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for audio", e);
                }
            }
            if (signal instanceof Failure(Throwable error)) {
                failure = (Failure) signal;
                throw new IllegalStateException("audio publisher failed: " + error, error);
            }
            return signal == COMPLETE ? null : (byte[]) signal;
        }

        /** Hands out a chunk and asks the publisher for one more in its place. */
        @Override
        public byte[] next() {
            byte[] chunk = super.next();
            subscription.request(1);
            return chunk;
        }

        @Override
        public void close() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
