package dev.earshot.engine.pocketsphinx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.earshot.engine.ArgumentsResource;
import dev.earshot.engine.EngineException;

/**
 * Where a pocketsphinx model lives and how to search with it.
 *
 * @param acousticModel  the acoustic model folder ({@code -hmm})
 * @param languageModel  the n-gram language model ({@code -lm})
 * @param dictionary     the pronunciation dictionary ({@code -dict})
 * @param extraArguments further decoder arguments as name/value pairs, e.g. {@code -beam 1e-48}
 */
public record PocketSphinxModel(Path acousticModel, Path languageModel, Path dictionary, List<String> extraArguments) {

    /**
     * The class-path resource that holds Earshot's search arguments, one flag and value per line
     * ({@code #} starts a comment): read here and by the bench's {@code pocketsphinx_continuous}
     * baseline ({@code earshot bench continuous}, which scripts/bench-core.sh calls), so that both search alike.
     */
    public static final String SEARCH_ARGUMENTS_RESOURCE = "META-INF/earshot/pocketsphinx-search.args";

    /** Where Debian's {@code pocketsphinx-en-us} package puts the US English model. */
    public static final Path DEBIAN_EN_US = Path.of("/usr/share/pocketsphinx/model/en-us");

    /**
     * The search arguments of {@link #SEARCH_ARGUMENTS_RESOURCE}: single pass, fewer active HMMs
     * and a narrower beam on words' last phones. The forward-flat and best-path passes rewrite an
     * utterance's words when it ends, which an append-only stream can pass on only for the words
     * it has not committed yet: streams at short delays search without them, streams at longer
     * delays with the library's default beams and its best-path pass instead ({@link SearchPasses}). The measurements behind
     * each value: docs/benchmarks.md, "The search settings".
     */
    public static final List<String> STREAMING_ARGUMENTS = readSearchArguments();

    public PocketSphinxModel {
        Objects.requireNonNull(acousticModel, "acousticModel");
        Objects.requireNonNull(languageModel, "languageModel");
        Objects.requireNonNull(dictionary, "dictionary");
        extraArguments = List.copyOf(extraArguments);
        if (extraArguments.size() % 2 != 0) {
            throw new IllegalArgumentException("extra arguments must be name/value pairs, found " + extraArguments);
        }
    }

    /** Debian's US English model with {@link #STREAMING_ARGUMENTS}. */
    public static PocketSphinxModel debianEnUs() {
        return new PocketSphinxModel(DEBIAN_EN_US.resolve("en-us"), DEBIAN_EN_US.resolve("en-us.lm.bin"),
                DEBIAN_EN_US.resolve("cmudict-en-us.dict"), STREAMING_ARGUMENTS);
    }

    private static List<String> readSearchArguments() {
        try {
            return ArgumentsResource.read(PocketSphinxModel.class.getClassLoader(), SEARCH_ARGUMENTS_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("the engine's jar: " + e.getMessage(), e);
        }
    }

    /** Fails with the missing file's name and the package that provides it. */
    void requireInstalled() {
        for (Path p : List.of(acousticModel.resolve("mdef"), languageModel, dictionary)) {
            if (!Files.isReadable(p)) {
                throw new EngineException("pocketsphinx model file not found: " + p
                        + " (Debian package pocketsphinx-en-us; run scripts/install-deps.sh)");
            }
        }
    }

    /**
     * Decoder arguments for searches with {@code passes}, without the language model, which each
     * worker reads once for its decoders: the extra arguments, less those the kind overrides.
     */
    List<String> decoderArguments(SearchPasses passes) {
        List<String> args = new ArrayList<>(List.of("-hmm", acousticModel.toString(), "-dict", dictionary.toString()));
        for (int i = 0; i < extraArguments.size(); i += 2) {
            if (!isOverridden(extraArguments.get(i), passes.overrides)) {
                args.addAll(extraArguments.subList(i, i + 2));
            }
        }
        args.addAll(passes.overrides);
        return args;
    }

    private static boolean isOverridden(String name, List<String> overrides) {
        for (int i = 0; i < overrides.size(); i += 2) {
            if (overrides.get(i).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
