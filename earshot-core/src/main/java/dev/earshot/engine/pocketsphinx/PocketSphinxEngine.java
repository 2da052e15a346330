package dev.earshot.engine.pocketsphinx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.SpeechEngine;

/**
 * CMU PocketSphinx through the Foreign Function &amp; Memory API.
 *
 * <p>The engine runs a fixed set of {@link Worker}s, one platform thread each with its own copy of
 * the language model; a new stream goes to the worker with the fewest streams and stays there.
 * With as many workers as cores, streams share the cores without sharing a model between threads.
 * One more platform thread loads decoders when a worker has none idle.
 */
public final class PocketSphinxEngine implements SpeechEngine {

    private final String name;
    private final List<Worker> workers;
    private final ExecutorService loader;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PocketSphinxEngine(String name, List<Worker> workers, ExecutorService loader) {
        this.name = name;
        this.workers = workers;
        this.loader = loader;
    }

    /**
     * Loads the model once per worker (about 0.3 s and 90 MB each).
     *
     * @param workerCount how many streams may decode at the same instant; usually the core count
     * @throws EngineException if the library or a model file is missing, or pocketsphinx refuses the model
     */
    public static SpeechEngine open(String name, PocketSphinxModel model, int workerCount) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("worker count must be at least 1, found " + workerCount);
        }
        model.requireInstalled();
        NativeLog.install();
        ExecutorService loader = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("pocketsphinx-loader").daemon(true).factory());
        Map<SearchPasses, List<String>> arguments = new EnumMap<>(SearchPasses.class);
        for (SearchPasses passes : SearchPasses.values()) {
            arguments.put(passes, model.decoderArguments(passes));
        }
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < workerCount; i++) {
                workers.add(new Worker(i, arguments, model.languageModel(), PocketSphinxRecognizer.BLOCK_SAMPLES, loader));
            }
        } catch (RuntimeException e) {
            workers.forEach(Worker::close);
            loader.shutdown();
            throw e;
        }
        return new PocketSphinxEngine(name, List.copyOf(workers), loader);
    }

    /** Debian's US English model with one worker per available core. */
    public static SpeechEngine openDefault() {
        return open("pocketsphinx-en-us", PocketSphinxModel.debianEnUs(), Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String language() {
        return "en";
    }

    @Override
    public Recognizer newRecognizer(int partialLagMs) {
        return newRecognizer(partialLagMs, List.of());
    }

    /**
     * A recognizer whose search also favours {@code biasPhrases} (see {@link BiasModel}).
     *
     * @throws IllegalArgumentException naming the bias words the dictionary lacks, or for too many
     */
    Recognizer newRecognizer(int partialLagMs, List<String> biasPhrases) {
        if (closed.get()) {
            throw new IllegalStateException("engine " + name + " is closed");
        }
        BiasModel bias = BiasModel.of(biasPhrases);
        Recognizer recognizer = new PocketSphinxRecognizer(leastBusyWorker(), partialLagMs,
                SearchPasses.forDelay(partialLagMs), bias, open::decrementAndGet);
        open.incrementAndGet();
        return recognizer;
    }

    /** Chooses and counts in one step, so that streams opened at once do not all see the same counts. */
    private synchronized Worker leastBusyWorker() {
        Worker worker = workers.stream().min(Comparator.comparingInt(Worker::openStreams)).orElseThrow();
        worker.reserve();
        return worker;
    }

    /** Open streams per worker, in worker order. */
    List<Integer> streamsPerWorker() {
        return workers.stream().map(Worker::openStreams).toList();
    }

    @Override
    public int openRecognizers() {
        return open.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            workers.forEach(Worker::close);
            loader.shutdown();
        }
    }
}
