package dev.earshot.engine.pocketsphinx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.engine.AudioRequirement;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineInfo;
import dev.earshot.engine.OpenStreams;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;

/**
 * CMU PocketSphinx through the Foreign Function &amp; Memory API.
 *
 * <p>The engine runs a fixed set of {@link Worker}s, one platform thread each with its own copy of
 * the language model; a new stream goes to the worker with the fewest streams and stays there.
 * With as many workers as cores, streams share the cores without sharing a model between threads.
 * One more platform thread loads decoders when a worker has none idle.
 */
public final class PocketSphinxEngine implements SpeechEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PocketSphinxEngine.class);

    private final String id;
    private final EngineInfo info;
    private final List<Worker> workers;
    private final ExecutorService loader;
    private final OpenStreams streams;

    private PocketSphinxEngine(String id, String language, List<Worker> workers, ExecutorService loader) {
        this.id = id;
        // One language per model; no detection or word confidences (yet); bias phrases boosted in
        // the search (BiasModel); word times from the search's segmentation.
        this.info = new EngineInfo(PocketSphinxProvider.ENGINE, List.of(language), false, true, true, false,
                AudioRequirement.PCM16_16KHZ);
        this.workers = workers;
        this.loader = loader;
        this.streams = new OpenStreams(id);
    }

    /**
     * Loads the model once per worker (about 0.3 s and 90 MB each).
     *
     * @param id          the model id the engine is known by
     * @param language    the model's language, an ISO 639-1 code
     * @param workerCount how many streams may decode at the same instant; usually the core count
     * @throws EngineException if the library or a model file is missing, or pocketsphinx refuses the model
     */
    static PocketSphinxEngine open(String id, String language, PocketSphinxModel model, int workerCount) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("worker count must be at least 1, found " + workerCount);
        }
        model.requireInstalled();
        LogPipe.install();
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
        return new PocketSphinxEngine(id, language, List.copyOf(workers), loader);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Bias phrases are boosted in the search ({@link BiasModel}); the stream then builds a search
     * of its own, 0.1 to 0.2 s on its worker. From a target delay of
     * {@link SearchPasses#BESTPATH_FROM_DELAY_MS} the stream's utterances are also rescored at their
     * end ({@link SearchPasses#TREE_THEN_BESTPATH}).
     *
     * @throws IllegalArgumentException for another language, a turn silence under
     *                                  {@link PocketSphinxRecognizer#VAD_HANGOVER_MS}, more than
     *                                  {@link BiasModel#MAX_WORDS} bias words, or bias words the
     *                                  dictionary lacks (named)
     */
    @Override
    public Recognizer newRecognizer(StreamOptions options) {
        requireSupported(options);
        BiasModel bias = BiasModel.of(options.biasPhrases());
        OpenStreams.Stream stream = streams.open();
        try {
            return new PocketSphinxRecognizer(leastBusyWorker(), options.targetDelayMs(), options.turnSilenceMs(),
                    SearchPasses.forDelay(options.targetDelayMs()), bias, stream::close);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    private void requireSupported(StreamOptions options) {
        String language = info.onlyLanguage();
        if (options.language() != null && !options.language().equals(language)) {
            throw new IllegalArgumentException("model " + id + " transcribes language '" + language
                    + "', not '" + options.language() + "'");
        }
        if (options.turnSilenceMs() != null && options.turnSilenceMs() < PocketSphinxRecognizer.VAD_HANGOVER_MS) {
            throw new IllegalArgumentException("model " + id + " ends a turn after at least "
                    + PocketSphinxRecognizer.VAD_HANGOVER_MS + " ms of silence (its voice detector's own), not "
                    + options.turnSilenceMs() + " ms");
        }
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
        return streams.count();
    }

    /** Frees every decoder, including those of open streams, whose next call then fails (on their worker). */
    @Override
    public void close() {
        if (streams.close()) {
            for (Worker worker : workers) {
                try {
                    worker.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing model {}: {}", id, e.getMessage());
                }
            }
            loader.shutdown();
        }
    }
}
