package dev.earshot.cli;

import picocli.CommandLine.Command;

/** {@code earshot models}: the model files that every command serves from the models folder. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List and download models into the models folder, which serve, transcribe and the "
                + "other commands search (-Dearshot.models.dir, EARSHOT_MODELS_DIR, or ~/.local/share/earshot/models).",
        subcommands = {ModelsListCommand.class, ModelsPullCommand.class})
final class ModelsCommand {
}
