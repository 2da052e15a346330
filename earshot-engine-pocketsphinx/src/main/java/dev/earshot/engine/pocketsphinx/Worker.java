package dev.earshot.engine.pocketsphinx;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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

    /** Decoder arguments per kind, without {@code -lm}: every decoder searches the worker's one model. */
    private final Map<SearchPasses, List<String>> arguments;
    private final int maxBlockSamples;
    private final ExecutorService thread;
    /** The engine's thread for loading decoders, which other workers share. */
    private final ExecutorService loader;
    private final AtomicInteger openStreams = new AtomicInteger();
    /** Idle decoders of each kind, at most {@link #MAX_IDLE_DECODERS} in all. Touched only on {@link #thread}. */
    private final Map<SearchPasses, ArrayDeque<Decoder>> idle = new EnumMap<>(SearchPasses.class);
    /** Decoders of open streams, freed by {@link #close()} with the rest. Touched only on {@link #thread}. */
    private final Set<Decoder> inUse = new HashSet<>();
    /**
     * Set on {@link #thread} by {@link #close()}; every later task fails instead of touching freed
     * memory. Volatile for {@link #release}, which reads it off the thread.
     */
    private volatile boolean closed;
    /** The first decoder, whose log-math table the model was read with: freed last, after the model. */
    private final Decoder logmathOwner;
    private final SharedLanguageModel languageModel;

    Worker(int index, Map<SearchPasses, List<String>> arguments, Path languageModelFile, int maxBlockSamples,
            ExecutorService loader) {
        this.arguments = Map.copyOf(arguments);
        this.maxBlockSamples = maxBlockSamples;
        this.loader = loader;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("pocketsphinx-worker-" + index).daemon(true).factory());
        try {
            this.logmathOwner = call(() -> Decoder.create(SearchPasses.TREE,
                    this.arguments.get(SearchPasses.TREE), maxBlockSamples));
            this.languageModel = call(() -> SharedLanguageModel.read(languageModelFile,
                    logmathOwner.config(), logmathOwner.logmath()));
            call(() -> {
                logmathOwner.search(languageModel);
                return null;
            });
        } catch (RuntimeException e) {
            thread.shutdownNow();
            throw e;
        }
        for (SearchPasses passes : SearchPasses.values()) {
            idle.put(passes, new ArrayDeque<>());
        }
        idle.get(SearchPasses.TREE).add(logmathOwner);
    }

    /**
     * Runs {@code task} on this worker's thread and waits for it; the caller should be virtual.
     *
     * @throws EngineException if the worker is closed, or the task failed
     */
    <T> T call(Callable<T> task) {
        return await(thread, () -> {
            if (closed) {
                throw closedException();
            }
            return task.call();
        });
    }

    private static EngineException closedException() {
        return new EngineException("the pocketsphinx engine was closed", false);
    }

    private static <T> T await(ExecutorService executor, Callable<T> task) {
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw closedException();
        }
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

    /** Counts a stream that is about to {@link #acquire}; called under the engine's choice. */
    void reserve() {
        openStreams.incrementAndGet();
    }

    /**
     * Takes an idle decoder of the kind {@code passes} or loads one, and starts a stream on it,
     * searching with {@code bias} besides the language model if it has any phrase. The stream
     * counts from {@link PocketSphinxEngine}'s choice of this worker on, not from when this returns,
     * so that streams opened at the same moment spread over the workers.
     *
     * @throws IllegalArgumentException naming the bias words the dictionary lacks
     */
    Decoder acquire(SearchPasses passes, BiasModel bias) {
        try {
            Decoder pooled = call(() -> {
                Decoder d = idle.get(passes).poll();
                if (d != null) {
                    inUse.add(d);
                }
                return d;
            });
            // Loading reads the acoustic model and dictionary, which no other decoder shares: done
            // off the worker, whose other streams would wait for it, and off the caller, whose
            // virtual thread would hold its carrier for the whole native call (about 0.3 s).
            Decoder d = pooled != null ? pooled : await(loader,
                    () -> Decoder.create(passes, arguments.get(passes), maxBlockSamples));
            try {
                call(() -> {
                    if (pooled == null) {
                        inUse.add(d);
                        d.search(languageModel);
                    }
                    if (!bias.isEmpty()) {
                        d.searchBiased(languageModel, bias);
                    }
                    d.startStream();
                    return null;
                });
            } catch (IllegalArgumentException e) {
                // Refused before the decoder changed: it is as good as ever.
                call(() -> {
                    inUse.remove(d);
                    return shelve(d);
                });
                throw e;
            } catch (RuntimeException e) {
                discard(d);
                throw e;
            }
            return d;
        } catch (RuntimeException e) {
            openStreams.decrementAndGet();
            throw e;
        }
    }

    /** Frees a decoder that failed to start a stream. */
    private void discard(Decoder d) {
        try {
            call(() -> {
                inUse.remove(d);
                if (d != logmathOwner) {
                    d.close();
                }
                return null;
            });
        } catch (EngineException e) {
            if (!closed) {
                throw e;
            }
            // Closed before the decoder was handed to the worker (close() frees those it holds):
            // it shares nothing yet, so it is freed here. Decoder.close is idempotent.
            d.close();
        }
    }

    /**
     * Gives back a decoder whose stream has ended. Never throws: after {@link #close()}, which
     * freed the decoder with the rest, there is nothing to give back.
     */
    void release(Decoder decoder) {
        openStreams.decrementAndGet();
        try {
            call(() -> {
                inUse.remove(decoder);
                try {
                    decoder.unbias();
                } catch (RuntimeException e) {
                    if (decoder != logmathOwner) {
                        decoder.close();
                    }
                    throw e;
                }
                return shelve(decoder);
            });
        } catch (EngineException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    /** Keeps an idle decoder for the next stream, or frees it beyond the limit. On the worker. */
    private Void shelve(Decoder decoder) {
        int idleCount = idle.values().stream().mapToInt(ArrayDeque::size).sum();
        if (idleCount < MAX_IDLE_DECODERS) {
            idle.get(decoder.passes()).push(decoder);
        } else if (decoder != logmathOwner) {
            decoder.close();
        }
        return null;
    }

    /**
     * Frees every decoder, those of open streams included, and the model; their streams' later
     * calls fail with an {@link EngineException}. Idempotent.
     */
    @Override
    public void close() {
        try {
            call(() -> {
                closed = true;
                idle.values().forEach(decoders -> {
                    decoders.stream().filter(d -> d != logmathOwner).forEach(Decoder::close);
                    decoders.clear();
                });
                inUse.stream().filter(d -> d != logmathOwner).forEach(Decoder::close);
                inUse.clear();
                try {
                    languageModel.close();
                } finally {
                    logmathOwner.close();
                }
                return null;
            });
        } catch (EngineException e) {
            if (!closed) {
                throw e;
            }
        } finally {
            thread.shutdown();
        }
    }
}
