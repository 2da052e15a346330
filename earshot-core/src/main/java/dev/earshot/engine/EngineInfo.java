package dev.earshot.engine;

import java.util.List;
import java.util.Objects;

/**
 * What an engine can do, as {@code /v1/models} reports it and the session checks requests against.
 *
 * @param engine          the provider's name, e.g. {@code pocketsphinx}
 * @param languages       the languages it transcribes, as ISO 639-1 codes; never empty
 * @param detectsLanguage whether hypotheses carry a detected {@link Hypothesis#language()}
 * @param biasPhrases     whether {@link StreamOptions#biasPhrases()} is honoured
 * @param wordTimes       whether {@link Word} start and end times are meaningful
 * @param wordConfidence  whether {@link Word#confidence()} is filled in
 * @param audio           the audio it consumes
 */
public record EngineInfo(String engine, List<String> languages, boolean detectsLanguage, boolean biasPhrases,
        boolean wordTimes, boolean wordConfidence, AudioRequirement audio) {

    public EngineInfo {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(audio, "audio");
        languages = List.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("engine " + engine + ": expected at least one language, found none");
        }
    }

    /** The one language this engine transcribes, or null if it has several. */
    public String onlyLanguage() {
        return languages.size() == 1 ? languages.getFirst() : null;
    }
}
