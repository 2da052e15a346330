package dev.earshot.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.earshot.models.ModelsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot models pull NAME}: downloads a model file into the models folder, checked against
 * its SHA-256 and resumed where a previous pull stopped; every command then serves it as model NAME.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download a model (e.g. whisper-tiny.en, whisper-base.en, whisper-small) into the models folder.")
final class ModelsPullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "a name from 'earshot models list', or whisper-X "
            + "for ggml-X.bin with --sha256")
    String name;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = "${env:EARSHOT_MODELS_BASE_URL:-"
            + ModelDownload.DEFAULT_BASE_URL + "}",
            description = "where the files are (default ${DEFAULT-VALUE}; env EARSHOT_MODELS_BASE_URL)")
    String baseUrl;

    @Option(names = "--sha256", paramLabel = "HEX",
            description = "the file's SHA-256, for a file not in the list or one that changed")
    String sha256;

    @Option(names = "--dir", paramLabel = "FOLDER", description = "the models folder (default: the configured one)")
    Path dir;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            ModelDownload download = download();
            Path folder = dir != null ? dir : ModelsFolder.path();
            ProgressBar[] bar = new ProgressBar[1];
            Path file = download.pull(baseUrl, folder, total -> bar[0] = ProgressBar.forDownload(total / 1e6),
                    held -> bar[0].update(held / 1e6));
            if (bar[0] != null) {
                bar[0].finish();
            }
            spec.commandLine().getOut().println(download.name() + ": " + file + " (SHA-256 " + download.sha256()
                    + ")");
            return 0;
        });
    }

    private ModelDownload download() {
        Optional<ModelDownload> known = ModelDownload.find(name);
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new CommandFailure("--sha256: expected 64 hex digits, found '" + sha256 + "'");
        }
        if (known.isPresent()) {
            return sha256 == null ? known.get()
                    : new ModelDownload(name, known.get().file(), sha256.toLowerCase(java.util.Locale.ROOT));
        }
        if (sha256 == null || !name.matches("whisper-[A-Za-z0-9._-]+")) {
            throw new CommandFailure("unknown model '" + name + "': expected one of " + ModelDownload.CATALOG.stream()
                    .map(ModelDownload::name).toList() + ", or whisper-X with --sha256");
        }
        return ModelDownload.whisper(name.substring("whisper-".length()), sha256.toLowerCase(java.util.Locale.ROOT));
    }
}
