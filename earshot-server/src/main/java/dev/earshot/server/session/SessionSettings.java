package dev.earshot.server.session;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.EngineInfo;
import dev.earshot.engine.StreamOptions;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.protocol.SessionInfo;
import dev.earshot.protocol.TurnDetection;
import dev.earshot.server.WireFormats;
import dev.earshot.streaming.TargetDelay;

/**
 * What a client may change before its audio starts.
 *
 * @param language      the language asked for, or null for the model's default
 * @param biasPhrases   phrases to favour; empty for none
 * @param turnDetection the client's turn detection, or null if it sent none
 */
record SessionSettings(AudioFormat format, TargetDelay delay, String language, List<String> biasPhrases,
        TurnDetection turnDetection) {

    static final SessionSettings DEFAULT =
            new SessionSettings(AudioFormat.DEFAULT, TargetDelay.DEFAULT, null, List.of(), null);

    SessionSettings {
        biasPhrases = List.copyOf(biasPhrases);
    }

    /**
     * Applies an update all or nothing, checking Voxtral 3's fields against the model.
     *
     * @param model  the model id the session was opened with, for messages
     * @param info   what the model can do
     * @param errors receives one message per invalid value, each naming expected and actual
     * @return the updated settings, or these if {@code errors} got any
     */
    SessionSettings apply(SessionConfig update, String model, EngineInfo info, List<String> errors) {
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
        String newLanguage = update.language() == null ? language
                : SessionFields.language(update.language(), model, info, found);
        List<String> newPhrases = update.contextBias() == null ? biasPhrases
                : SessionFields.biasPhrases(update.contextBias(), model, info, found);
        TurnDetection newTurns = update.turnDetection() == null ? turnDetection
                : SessionFields.turnDetection(update.turnDetection(), found);
        if (update.diarize() != null) {
            SessionFields.diarize(update.diarize(), newTurns, model, found);
        }
        errors.addAll(found);
        return found.isEmpty() ? new SessionSettings(newFormat, newDelay, newLanguage, newPhrases, newTurns) : this;
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

    /** What the engine is asked for when the first audio opens the recognizer. */
    StreamOptions streamOptions() {
        return new StreamOptions(delay.millis(), language, biasPhrases,
                turnDetection == null ? null : turnDetection.silenceDurationMs());
    }

    SessionInfo info(String requestId, String model) {
        return new SessionInfo(requestId, model,
                WireFormats.toWire(format), delay.millis());
    }
}
