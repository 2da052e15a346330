/** The seed's realtime transcription examples, on the Earshot SDK alone. */
module dev.earshot.examples {
    requires dev.earshot.client;
    requires java.desktop;
}
