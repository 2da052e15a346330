/** Mistral's realtime transcription wire protocol: the events each way, their codec and audio formats. */
module dev.earshot.protocol {
    requires transitive com.fasterxml.jackson.databind;

    exports dev.earshot.protocol;
}
