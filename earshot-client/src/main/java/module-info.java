/** The Java SDK: a client of the realtime transcription protocol over the JDK's WebSocket. */
module dev.earshot.client {
    requires transitive dev.earshot.protocol;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires java.net.http;

    exports dev.earshot.client;
}
