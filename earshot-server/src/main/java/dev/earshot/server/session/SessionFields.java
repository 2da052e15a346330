package dev.earshot.server.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.earshot.engine.EngineInfo;
import dev.earshot.protocol.ContextBias;
import dev.earshot.protocol.TurnDetection;

/**
 * Checks Voxtral 3's {@code session.update} fields against what the session's model can do.
 * Each check adds one message per problem, naming what was expected and what was found, and
 * returns the value to apply (meaningless when it added a message: the update is then dropped).
 */
final class SessionFields {

    /** Bounds on {@code context_bias}, so that one session cannot make the engine build a
     *  search over an unbounded vocabulary: a list past either limit is refused whole. */
    static final int MAX_BIAS_PHRASES = 100;
    static final int MAX_BIAS_PHRASE_CHARS = 100;
    /** Shorter than the voice detector's 128 ms reading step means nothing; longer than 10 s
     *  is no longer a pause in speech. */
    static final int MIN_TURN_SILENCE_MS = 100;
    static final int MAX_TURN_SILENCE_MS = 10_000;
    /** Voxtral 3's own wording (Mistral's docs), kept so that callers can match on it. */
    static final String DIARIZE_WITH_TURNS = "Diarization is not compatible with turn detection.";

    private static final Pattern ISO_639_1 = Pattern.compile("[a-z]{2}");

    private SessionFields() {
    }

    /** The language as a lower-case ISO 639-1 code the model transcribes. */
    static String language(String requested, String model, EngineInfo info, List<String> errors) {
        String code = requested.toLowerCase(Locale.ROOT);
        if (!ISO_639_1.matcher(code).matches()) {
            errors.add("language '" + requested + "' is not an ISO 639-1 code: expected two letters such as 'en'");
        } else if (!info.languages().contains(code)) {
            errors.add("language '" + requested + "' is not one that model '" + model + "' transcribes: expected one of "
                    + info.languages());
        }
        return code;
    }

    /** The phrases, trimmed, for {@link dev.earshot.engine.StreamOptions#biasPhrases()}. */
    static List<String> biasPhrases(ContextBias bias, String model, EngineInfo info, List<String> errors) {
        return switch (bias) {
            case ContextBias.Description d -> {
                errors.add("context_bias: model '" + model + "' takes a list of key phrases, not a description "
                        + "of the recording");
                yield List.of();
            }
            case ContextBias.Phrases p when p.phrases().isEmpty() -> List.of();
            case ContextBias.Phrases p when !info.biasPhrases() -> {
                errors.add("context_bias: model '" + model + "' (engine " + info.engine() + ") cannot favour "
                        + "phrases: leave context_bias out, or choose a model that can (see /v1/models)");
                yield List.of();
            }
            case ContextBias.Phrases p -> phrases(p.phrases(), errors);
        };
    }

    private static List<String> phrases(List<String> phrases, List<String> errors) {
        if (phrases.size() > MAX_BIAS_PHRASES) {
            errors.add("context_bias has " + phrases.size() + " phrases: expected at most " + MAX_BIAS_PHRASES);
            return List.of();
        }
        List<String> trimmed = new ArrayList<>(phrases.size());
        for (int i = 0; i < phrases.size(); i++) {
            String phrase = phrases.get(i).strip();
            if (phrase.isEmpty()) {
                errors.add("context_bias[" + i + "] is blank: expected a word or phrase");
            } else if (phrase.length() > MAX_BIAS_PHRASE_CHARS) {
                errors.add("context_bias[" + i + "] is " + phrase.length() + " characters long: expected at most "
                        + MAX_BIAS_PHRASE_CHARS);
            } else if (ContextBias.words(phrase) > ContextBias.MAX_PHRASE_WORDS) {
                errors.add("context_bias[" + i + "] has " + ContextBias.words(phrase) + " words: expected key "
                        + "phrases of at most " + ContextBias.MAX_PHRASE_WORDS + " words (names, places, terms); "
                        + "a description of the recording is not supported");
            }
            trimmed.add(phrase);
        }
        return trimmed;
    }

    /** Checks the silence that ends a turn; {@code {}} passes as the server's defaults. */
    static TurnDetection turnDetection(TurnDetection turns, List<String> errors) {
        Integer silence = turns.silenceDurationMs();
        if (silence != null && (silence < MIN_TURN_SILENCE_MS || silence > MAX_TURN_SILENCE_MS)) {
            errors.add("turn_detection.silence_duration_ms " + silence + " out of range: expected "
                    + MIN_TURN_SILENCE_MS + " to " + MAX_TURN_SILENCE_MS);
        }
        return turns;
    }

    /**
     * No engine labels speakers, so {@code diarize: true} is refused, never silently ignored.
     *
     * @param turns the turn detection the session would have after this update, or null
     */
    static void diarize(boolean diarize, TurnDetection turns, String model, List<String> errors) {
        if (!diarize) {
            return;
        }
        errors.add(turns != null ? DIARIZE_WITH_TURNS
                : "diarize: model '" + model + "' does not label speakers: leave diarize out or set it to false");
    }
}
