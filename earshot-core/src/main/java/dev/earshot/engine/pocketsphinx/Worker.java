package dev.earshot.engine.pocketsphinx;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.earshot.engine.EngineException;

/**
 * One platform thread with one language model and the decoders that share it.
 *
 * <p>Pocketsphinx's n-gram model keeps a mutable lookup cache, so two decoders that search one
 * model at the same time silently produce wrong words. Pinning every decoder to the worker that
 * owns its model, and running all of their native calls on that worker's single thread, lets the
 * model (about 34 MB) be shared without that race. Streams pinned to one worker take turns.
 */
final class Worker implements AutoCloseable {

    /**
     * Idle decoders kept for reuse (each about 56 MB besides the shared model); one that comes back
     * beyond this is freed. Loading one costs about 0.25 s, so this is what keeps a new stream cheap.
     */
    static final int MAX_IDLE_DECODERS = 4;

    /** Arguments for a decoder that shares the model: the same as the owner's, less {@code -lm}. */
    private final List<String> sharingArguments;
    private final int maxBlockSamples;
    private final ExecutorService thread;
    private final AtomicInteger openStreams = new AtomicInteger();
    /** Touched only on {@link #thread}. */
    private final ArrayDeque<Decoder> idle = new ArrayDeque<>();
    /** The decoder that loaded the model; it lives as long as the worker. */
    private final Decoder modelOwner;
    /** Released after every decoder. */
    private final SharedLanguageModel languageModel;

    Worker(int index, List<String> ownerArguments, List<String> sharingArguments, int maxBlockSamples) {
        this.sharingArguments = List.copyOf(sharingArguments);
        this.maxBlockSamples = maxBlockSamples;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("pocketsphinx-worker-" + index).daemon(true).factory());
        try {
            this.modelOwner = call(() -> Decoder.create(ownerArguments, MemorySegment.NULL, maxBlockSamples));
            this.languageModel = call(() -> new SharedLanguageModel(modelOwner.languageModel()));
        } catch (RuntimeException e) {
            thread.shutdownNow();
            throw e;
        }
        idle.add(modelOwner);
    }

    /** Runs {@code task} on this worker's thread and waits for it; the caller should be virtual. */
    <T> T call(Callable<T> task) {
        Future<T> future = thread.submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new EngineException("interrupted while waiting for the engine", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EngineException("engine task failed: " + e.getCause(), e.getCause());
        }
    }

    int openStreams() {
        return openStreams.get();
    }

    /** Takes an idle decoder or loads one, and starts a stream on it. Runs on this worker. */
    Decoder acquire() {
        Decoder decoder = call(() -> {
            Decoder d = idle.isEmpty() ? Decoder.create(sharingArguments, languageModel.pointer(), maxBlockSamples) : idle.poll();
            try {
                d.startStream();
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            return d;
        });
        openStreams.incrementAndGet();
        return decoder;
    }

    /** Gives back a decoder whose stream has ended. */
    void release(Decoder decoder) {
        openStreams.decrementAndGet();
        call(() -> {
            if (idle.size() < MAX_IDLE_DECODERS && !thread.isShutdown()) {
                idle.push(decoder);
            } else if (decoder != modelOwner) {
                decoder.close();
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            call(() -> {
                idle.stream().filter(d -> d != modelOwner).forEach(Decoder::close);
                idle.clear();
                modelOwner.close();
                languageModel.close();
                return null;
            });
        } finally {
            thread.shutdown();
        }
    }
}
