/** The realtime transcription server on Javalin (Jetty 12). Exports only the server and its configuration. */
module dev.earshot.server {
    requires transitive dev.earshot.core;
    requires dev.earshot.protocol;
    requires io.javalin;
    requires java.net.http;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires org.slf4j;

    exports dev.earshot.server;
}
