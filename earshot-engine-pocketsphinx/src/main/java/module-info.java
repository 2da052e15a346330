/**
 * CMU PocketSphinx through FFM, the {@code pocketsphinx} engine. Exports nothing: the engine is
 * reached through {@link dev.earshot.engine.EngineProvider} alone. Its downcalls need
 * {@code --enable-native-access=dev.earshot.engine.pocketsphinx} on the module path (or
 * {@code ALL-UNNAMED} on the class path, as {@code ./earshot} runs it).
 */
module dev.earshot.engine.pocketsphinx {
    requires dev.earshot.core;
    requires org.slf4j;

    provides dev.earshot.engine.EngineProvider with dev.earshot.engine.pocketsphinx.PocketSphinxProvider;
}
