package dev.earshot.server.session;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.protocol.SessionInfo;
import dev.earshot.streaming.TargetDelay;

/** What a client may change before its audio starts. */
record SessionSettings(AudioFormat format, TargetDelay delay) {

    static final SessionSettings DEFAULT = new SessionSettings(AudioFormat.DEFAULT, TargetDelay.DEFAULT);

    /**
     * Applies an update all or nothing.
     *
     * @param errors receives one message per invalid value, each naming expected and actual
     * @return the updated settings, or these if {@code errors} got any
     */
    SessionSettings apply(SessionConfig update, List<String> errors) {
        List<String> found = new ArrayList<>();
        AudioFormat newFormat = update.audioFormat() == null ? format : format(update.audioFormat(), found);
        TargetDelay newDelay = delay;
        if (update.targetStreamingDelayMs() != null) {
            try {
                newDelay = TargetDelay.ofNullable(update.targetStreamingDelayMs());
            } catch (IllegalArgumentException e) {
                found.add(e.getMessage());
            }
        }
        errors.addAll(found);
        return found.isEmpty() ? new SessionSettings(newFormat, newDelay) : this;
    }

    private static AudioFormat format(AudioFormatSpec spec, List<String> errors) {
        AudioEncoding encoding = null;
        try {
            encoding = AudioEncoding.fromWireName(spec.encoding());
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        try {
            // Checked with a stand-in encoding when the named one is unknown, so that a bad
            // rate is reported too.
            return new AudioFormat(encoding == null ? AudioEncoding.PCM_S16LE : encoding, spec.sampleRate());
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    SessionInfo info(String requestId, String model) {
        return new SessionInfo(requestId, model,
                new AudioFormatSpec(format.encoding().wireName(), format.sampleRate()), delay.millis());
    }
}
