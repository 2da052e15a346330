package dev.earshot.engine;

/**
 * Makes engines of one kind from configured models. Found with {@link java.util.ServiceLoader}:
 * an engine module declares {@code provides dev.earshot.engine.EngineProvider with ...} and lists
 * its provider in {@code META-INF/services/dev.earshot.engine.EngineProvider}, so that no code
 * outside it names its classes.
 *
 * <p>Implementations are stateless and thread-safe, with a public no-argument constructor.
 */
public interface EngineProvider {

    /** The engine name that {@link ModelSpec#engine()} selects this provider by, e.g. {@code pocketsphinx}. */
    String engine();

    /**
     * Loads a model. Blocks for as long as loading takes (seconds for a large model).
     *
     * @param model a model whose {@link ModelSpec#engine()} is this provider's {@link #engine()}
     * @return an engine whose {@link SpeechEngine#id()} is {@code model.id()}; the caller closes it
     * @throws EngineException          if the model is missing, damaged or refused by the engine,
     *                                  with a one-line message naming the file
     * @throws IllegalArgumentException if the location or an option is malformed (one line)
     */
    SpeechEngine open(ModelSpec model);

    /**
     * The models of this engine found in the models folder ({@code earshot models pull} puts them
     * there), which every command serves without further configuration. Their ids must not depend
     * on anything but the folder's content.
     *
     * @param folder the models folder; it may not exist
     * @return the models found, possibly none (the default)
     */
    default java.util.List<ModelSpec> installed(java.nio.file.Path folder) {
        return java.util.List.of();
    }
}
