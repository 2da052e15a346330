/** The earshot command-line tool. Exports nothing; picocli reads its commands by reflection. */
module dev.earshot.cli {
    requires dev.earshot.bench;
    requires dev.earshot.client;
    requires dev.earshot.core;
    requires dev.earshot.eval;
    requires dev.earshot.server;
    requires info.picocli;
    requires java.desktop;
    requires java.management;
    requires java.net.http;
    requires jdk.management;
    requires org.jline;

    opens dev.earshot.cli to info.picocli;
}
