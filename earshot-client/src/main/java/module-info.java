/** The Java SDK: a client of the realtime transcription protocol over the JDK's WebSocket. */
module dev.earshot.client {
    requires transitive dev.earshot.protocol;
    requires java.net.http;

    exports dev.earshot.client;
}
