/** The realtime transcription server on Javalin (Jetty 12). Exports only the server, its configuration and the
 *  core-to-wire audio format mapping (whose protocol types its readers therefore read too). */
module dev.earshot.server {
    requires transitive dev.earshot.core;
    requires transitive dev.earshot.protocol;
    requires io.javalin;
    requires java.net.http;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires org.slf4j;

    exports dev.earshot.server;
}
