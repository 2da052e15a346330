package dev.earshot.engine.pocketsphinx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    /** Where Debian's {@code pocketsphinx-en-us} package puts the US English model. */
    public static final Path DEBIAN_EN_US = Path.of("/usr/share/pocketsphinx/model/en-us");

    /**
     * Single-pass search with at most 5000 active HMMs per frame and a narrower beam on words' last
     * phones.
     *
     * <p>The forward-flat and best-path passes rewrite an utterance's words when it ends, which an
     * append-only stream can pass on only for the words it has not committed yet: streams at short
     * delays commit nearly all words before, and search without them; streams at longer delays
     * search with the library's defaults instead ({@link SearchPasses}). Without them
     * {@code ps_end_utt} is cheap.
     *
     * <p>{@code -maxhmmpf} is 30000 by default. On the 36 evaluation recordings (573 words), 5000
     * halved the decoder's CPU (0.119 against 0.245 to 0.268 CPU s per audio s, one run) for one
     * more edit at 2400 ms and none at 480 ms; 3000 cut it to 0.084 but cost 4 edits at 960 and
     * 2400 ms; 8000 saved a third with no loss. A real-time stream's cost decides how many streams
     * a core carries, so the halving is taken.
     *
     * <p>{@code -lpbeam} (the beam on words' last phones, of which the search keeps one copy per
     * right-context phone) is 1e-40 by default. With 1e-30, on the same recordings and settings, the
     * core's CPU fell by about 30% (0.105 to 0.127 against 0.149 to 0.176 CPU s per audio s, one
     * run of each) with 27, 14 and 7 edits fewer at 0, 240 and 480 ms and 1 and 3 more at 960 and
     * 2400 ms; 1e-25 cost 6 and 8 edits at 960 and 2400 ms, 1e-20 over 30.
     */
    public static final List<String> STREAMING_ARGUMENTS =
            List.of("-fwdflat", "no", "-bestpath", "no", "-maxhmmpf", "5000", "-lpbeam", "1e-30");

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
