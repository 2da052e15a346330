package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.earshot.models.ModelsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code earshot models list}: what can be pulled, and what the models folder holds. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The models pull knows, whether each is in the models folder, and any other model file there.")
final class ModelsListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "FOLDER", description = "the models folder (default: the configured one)")
    Path dir;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            Path folder = dir != null ? dir : ModelsFolder.path();
            PrintWriter out = spec.commandLine().getOut();
            out.println("models folder: " + folder);
            for (ModelDownload d : ModelDownload.CATALOG) {
                Path file = folder.resolve(d.file());
                out.printf("%-18s %-20s %s%n", d.name(), d.file(), Files.isRegularFile(file) ? "pulled" : "-");
            }
            for (Path other : others(folder)) {
                out.printf("%-18s %-20s %s%n", "", other.getFileName(), "in folder");
            }
            return 0;
        });
    }

    /** Model files in the folder that are not in the catalog (copied there by hand). */
    private static java.util.List<Path> others(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .filter(p -> ModelDownload.CATALOG.stream().noneMatch(d -> d.file().equals(p.getFileName().toString())))
                    .sorted().toList();
        }
    }
}
