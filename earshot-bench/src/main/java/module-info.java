/** Measurements of the server and the streaming core, and JMH benchmarks of the audio path. Exports nothing. */
module dev.earshot.bench {
    requires dev.earshot.client;
    requires dev.earshot.core;
    requires dev.earshot.eval;
    requires dev.earshot.server;
    requires info.picocli;
    requires java.management;
    requires java.net.http;
    requires jdk.management;
    requires jmh.core;

    exports dev.earshot.bench;
    opens dev.earshot.bench to info.picocli, com.fasterxml.jackson.databind;
    opens dev.earshot.bench.jmh to jmh.core;
}
