package dev.earshot.models;

import java.nio.file.Path;

/**
 * Where downloaded models live: {@code earshot models pull} writes there, and every command
 * serves what the engines find there ({@link dev.earshot.engine.EngineProvider#installed}).
 * The system property {@code earshot.models.dir}, else the environment variable
 * {@code EARSHOT_MODELS_DIR}, else {@code $XDG_DATA_HOME/earshot/models} (by default
 * {@code ~/.local/share/earshot/models}).
 */
public final class ModelsFolder {

    private ModelsFolder() {
    }

    /** The folder; it may not exist yet. */
    public static Path path() {
        String property = System.getProperty("earshot.models.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("EARSHOT_MODELS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String data = System.getenv("XDG_DATA_HOME");
        Path base = data != null && !data.isBlank() ? Path.of(data)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("earshot").resolve("models");
    }
}
