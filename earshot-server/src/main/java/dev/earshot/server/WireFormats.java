package dev.earshot.server;

import dev.earshot.audio.AudioFormat;
import dev.earshot.protocol.AudioFormatSpec;

/**
 * The core's audio formats as the wire protocol names them. The core does not know the protocol
 * and the protocol does not know the core; the server, which joins them, maps one to the other.
 */
public final class WireFormats {

    private WireFormats() {
    }

    /** {@code format} as a session's {@code audio_format}: the encoding's wire name and the rate. */
    public static AudioFormatSpec toWire(AudioFormat format) {
        return new AudioFormatSpec(format.encoding().wireName(), format.sampleRate());
    }
}
