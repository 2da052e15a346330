package dev.earshot.engine.pocketsphinx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineProvider;
import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.SpeechEngine;

/**
 * The {@code pocketsphinx} engine, for {@link java.util.ServiceLoader}.
 *
 * <p>Locations: {@code en-us} is Debian's US English model ({@code pocketsphinx-en-us}); any other
 * is a folder holding an acoustic model folder (the one with an {@code mdef} file), one language
 * model ({@code *.lm.bin} or {@code *.lm}) and one dictionary ({@code *.dict}).
 *
 * <p>Options: {@code workers}, streams decoded at the same instant (default: one per core);
 * {@code language}, the model's ISO 639-1 code (default {@code en}); and any pocketsphinx decoder
 * argument by its flag, e.g. {@code -fwdflat=yes}, which replaces Earshot's value of
 * {@link PocketSphinxModel#STREAMING_ARGUMENTS}.
 */
public final class PocketSphinxProvider implements EngineProvider {

    static final String ENGINE = "pocketsphinx";
    /** The name of Debian's model as a location. */
    static final String DEBIAN_EN_US = "en-us";

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public SpeechEngine open(ModelSpec model) {
        int workers = Runtime.getRuntime().availableProcessors();
        String language = "en";
        Map<String, String> arguments = new LinkedHashMap<>();
        for (int i = 0; i < PocketSphinxModel.STREAMING_ARGUMENTS.size(); i += 2) {
            arguments.put(PocketSphinxModel.STREAMING_ARGUMENTS.get(i), PocketSphinxModel.STREAMING_ARGUMENTS.get(i + 1));
        }
        for (Map.Entry<String, String> option : model.options().entrySet()) {
            switch (option.getKey()) {
                case "workers" -> workers = workers(model.id(), option.getValue());
                case "language" -> language = option.getValue();
                default -> {
                    if (!option.getKey().startsWith("-")) {
                        throw new IllegalArgumentException("model " + model.id() + ": unknown pocketsphinx option '"
                                + option.getKey() + "': expected workers, language or a decoder flag such as -beam");
                    }
                    arguments.put(option.getKey(), option.getValue());
                }
            }
        }
        List<String> flat = new ArrayList<>();
        arguments.forEach((k, v) -> flat.addAll(List.of(k, v)));
        PocketSphinxModel files = model.location().equals(DEBIAN_EN_US)
                ? PocketSphinxModel.debianEnUs() : inFolder(model.id(), Path.of(model.location()));
        return PocketSphinxEngine.open(model.id(), language,
                new PocketSphinxModel(files.acousticModel(), files.languageModel(), files.dictionary(), flat), workers);
    }

    private static int workers(String id, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new IllegalArgumentException("model " + id + ": workers: expected a whole number of at least 1, found '"
                + value + "'");
    }

    private static PocketSphinxModel inFolder(String id, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new EngineException("model " + id + ": no such folder " + folder
                    + " (expected en-us or a folder with an acoustic model, a language model and a dictionary)");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> all = entries.sorted().toList();
            Path acoustic = one(id, folder, "an acoustic model folder (with mdef)",
                    all.stream().filter(p -> Files.isReadable(p.resolve("mdef"))).toList());
            Path lm = one(id, folder, "a language model (*.lm.bin or *.lm)", all.stream()
                    .filter(p -> p.getFileName().toString().endsWith(".lm.bin")
                            || p.getFileName().toString().endsWith(".lm")).toList());
            Path dict = one(id, folder, "a dictionary (*.dict)",
                    all.stream().filter(p -> p.getFileName().toString().endsWith(".dict")).toList());
            return new PocketSphinxModel(acoustic, lm, dict, List.of());
        } catch (IOException e) {
            throw new EngineException("model " + id + ": cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Path one(String id, Path folder, String what, List<Path> found) {
        if (found.size() != 1) {
            throw new EngineException("model " + id + ": expected " + what + " in " + folder + ", found "
                    + (found.isEmpty() ? "none" : found.stream().map(p -> p.getFileName().toString()).toList()));
        }
        return found.getFirst();
    }
}
