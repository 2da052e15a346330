package dev.earshot.engine.whisper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineProvider;
import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelsFolder;

/**
 * The {@code whisper} engine: whisper.cpp 1.7.1 models (ggml files), streamed under the target
 * delay by re-decoding the uncommitted audio with LocalAgreement.
 *
 * <p>Why FFM over whisper-jni's JNI API, although the libraries come from its jar: the JNI API
 * gives segment text only, while streaming needs each token's probability and times (word times
 * and confidence), the detected language, a token prompt, an abort callback for closing under
 * a running decode, and the encoder's start and the first logits (encoder and decoder cost apart).
 * whisper.cpp's C API has all of them, and {@code audio_ctx} is set per decode, which is what
 * makes re-decoding affordable: whisper.cpp otherwise encodes a full 30 s window each time.
 *
 * <p>Locations: a ggml file path, or a name in the {@link ModelsFolder}: {@code tiny.en} or
 * {@code whisper-tiny.en} for {@code ggml-tiny.en.bin} there. Every {@code ggml-NAME.bin} in that
 * folder is served as model {@code whisper-NAME} without configuration. The file is checked in
 * Java first ({@link ModelFile}): a damaged one fails to load with one line, and never reaches
 * whisper.cpp, which aborts the process on several kinds of damage.
 *
 * <p>Options: {@code workers}, how many streams may decode at the same instant (default one per
 * core; a stream whose step comes while all are busy waits its turn); {@code threads}, ggml
 * threads per decode (default 1: streams run side by side on the cores); {@code audio-ctx}, {@code cut} (default: encode only the buffered audio) or
 * {@code full} (whisper's 30 s window every time); {@code step-ms}, audio between decodes
 * (default half the target delay, 200 to 1,000 ms).
 */
public final class WhisperProvider implements EngineProvider {

    static final String ENGINE = "whisper";
    private static final String FILE_PREFIX = "ggml-";
    private static final String FILE_SUFFIX = ".bin";

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public SpeechEngine open(ModelSpec model) {
        int threads = 1;
        int workers = Runtime.getRuntime().availableProcessors();
        boolean cut = true;
        int stepMs = 0;
        for (Map.Entry<String, String> option : model.options().entrySet()) {
            switch (option.getKey()) {
                case "threads" -> threads = positive(model.id(), option);
                case "workers" -> workers = positive(model.id(), option);
                case "step-ms" -> stepMs = positive(model.id(), option);
                case "audio-ctx" -> cut = switch (option.getValue()) {
                    case "cut" -> true;
                    case "full" -> false;
                    default -> throw new IllegalArgumentException("model " + model.id()
                            + ": audio-ctx: expected cut or full, found '" + option.getValue() + "'");
                };
                default -> throw new IllegalArgumentException("model " + model.id() + ": unknown whisper option '"
                        + option.getKey() + "': expected workers, threads, audio-ctx or step-ms");
            }
        }
        Path file = locate(model);
        try {
            return new WhisperEngine(model.id(), WhisperModel.load(file), new WhisperEngine.Settings(workers, threads,
                    cut, stepMs));
        } catch (EngineException e) {
            throw new EngineException("model " + model.id() + ": " + e.getMessage(), e.retryable(), e);
        }
    }

    @Override
    public List<ModelSpec> installed(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(FILE_PREFIX) && n.endsWith(FILE_SUFFIX)
                            && n.length() > FILE_PREFIX.length() + FILE_SUFFIX.length())
                    .sorted()
                    .map(n -> new ModelSpec(ENGINE + "-" + n.substring(FILE_PREFIX.length(),
                            n.length() - FILE_SUFFIX.length()), ENGINE, folder.resolve(n).toString()))
                    .toList();
        } catch (IOException | IllegalArgumentException e) {
            // A folder that cannot be listed, or a file name that is no model id, offers nothing.
            return List.of();
        }
    }

    private static Path locate(ModelSpec model) {
        Path given = Path.of(model.location());
        if (Files.isRegularFile(given)) {
            return given;
        }
        String name = model.location().startsWith(ENGINE + "-")
                ? model.location().substring(ENGINE.length() + 1) : model.location();
        Path folder = ModelsFolder.path();
        Path named = folder.resolve(FILE_PREFIX + name + FILE_SUFFIX);
        if (!name.contains("/") && Files.isRegularFile(named)) {
            return named;
        }
        throw new EngineException("model " + model.id() + ": no such whisper model file " + given + ", nor "
                + named + " (earshot models pull NAME puts models there)");
    }

    private static int positive(String id, Map.Entry<String, String> option) {
        try {
            int n = Integer.parseInt(option.getValue());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new IllegalArgumentException("model " + id + ": " + option.getKey()
                + ": expected a whole number of at least 1, found '" + option.getValue() + "'");
    }
}
