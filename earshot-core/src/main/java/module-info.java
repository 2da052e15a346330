/**
 * The streaming recognition core: audio decoding and resampling, the engine SPI, the model
 * registry that loads engines found through {@link dev.earshot.engine.EngineProvider}, and the
 * target-delay policy.
 */
module dev.earshot.core {
    requires jdk.management;
    requires org.slf4j;

    exports dev.earshot.audio;
    exports dev.earshot.captions;
    exports dev.earshot.engine;
    exports dev.earshot.models;
    exports dev.earshot.os;
    exports dev.earshot.streaming;

    uses dev.earshot.engine.EngineProvider;
}
