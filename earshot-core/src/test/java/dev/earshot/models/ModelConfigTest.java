package dev.earshot.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.earshot.engine.ModelSpec;

/** Choosing the models a command loads: by id or alias, each once, with their aliases. */
class ModelConfigTest {

    private static final ModelSpec SMALL = new ModelSpec("small", "pocketsphinx", "en-us");
    private static final ModelSpec LARGE = new ModelSpec("large", "whisper", "/models/large.bin");
    private static final ModelConfig CONFIG = new ModelConfig(List.of(SMALL, LARGE),
            Map.of("fast", "small", "quick", "small", "accurate", "large"));

    @Test
    void theDefaultsAnswerToTheSeedsAndVoxtral3sIds() {
        assertThat(ModelConfig.defaultAliases()).containsOnlyKeys("voxtral-mini-transcribe-realtime-2602",
                "voxtral-mini-transcribe-realtime-3-0", "voxtral-mini-transcribe-realtime-3",
                "voxtral-mini-transcribe-realtime-latest");
        assertThat(ModelConfig.defaultAliases().values()).containsOnly("pocketsphinx-en-us");
    }

    @Test
    void onlyOneModelKeepsItsAliases() {
        assertThat(CONFIG.only("fast")).isEqualTo(new ModelConfig(List.of(SMALL),
                Map.of("fast", "small", "quick", "small")));
    }

    @Test
    void twoIdsOfOneModelLoadItOnce() {
        assertThat(CONFIG.only("fast", "small").models()).containsExactly(SMALL);
    }

    @Test
    void twoModelsForDualsTwoSessions() {
        ModelConfig both = CONFIG.only("quick", "accurate");
        assertThat(both.models()).containsExactly(SMALL, LARGE);
        assertThat(both.ids()).containsExactly("accurate", "fast", "large", "quick", "small");
    }

    @Test
    void anUnknownIdNamesThoseThatExist() {
        assertThatThrownBy(() -> CONFIG.only("small", "medium")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model 'medium': expected one of [accurate, fast, large, quick, small]");
    }

    @Test
    void settingsAddModelsAndAliasesToTheDefaults() {
        ModelConfig config = ModelConfig.defaults().withSettings(Map.of(
                "fast", "pocketsphinx-en-us",
                "whisper-base.en", "whisper:/models/ggml-base.en.bin",
                "base", "whisper-base.en"));
        assertThat(config.models()).containsExactly(ModelConfig.DEFAULT_MODEL,
                new ModelSpec("whisper-base.en", "whisper", "/models/ggml-base.en.bin"));
        assertThat(config.aliases()).containsEntry("fast", "pocketsphinx-en-us").containsEntry("base", "whisper-base.en")
                .containsEntry(ModelConfig.SEED_MODEL_ID, "pocketsphinx-en-us");
        assertThat(config.select("base").location()).isEqualTo("/models/ggml-base.en.bin");
        assertThat(config.only("base")).isEqualTo(new ModelConfig(
                List.of(new ModelSpec("whisper-base.en", "whisper", "/models/ggml-base.en.bin")), Map.of("base", "whisper-base.en")));
    }

    @Test
    void environmentVariablesNameModelsInLowerCaseWithDashes() {
        ModelConfig config = ModelConfig.defaults().withEnvironment(Map.of(
                "EARSHOT_MODEL_WHISPER_TINY", "whisper:ggml-tiny.bin", "EARSHOT_MODEL_TINY", "whisper-tiny",
                "EARSHOT_MODEL_", "ignored", "EARSHOT_PORT", "9000"));
        assertThat(config.select("tiny")).isEqualTo(new ModelSpec("whisper-tiny", "whisper", "ggml-tiny.bin"));
    }

    @Test
    void aModelMayTakeOverTheSeedId() {
        ModelConfig config = ModelConfig.defaults().withSetting(ModelConfig.SEED_MODEL_ID, "whisper:ggml-small.bin");
        assertThat(config.aliases()).doesNotContainKey(ModelConfig.SEED_MODEL_ID);
        assertThat(config.select(ModelConfig.SEED_MODEL_ID).engine()).isEqualTo("whisper");
    }

    @Test
    void mistakesGetOneLineNamingWhatWasExpected() {
        assertThatThrownBy(() -> ModelConfig.defaults().withSetting("x", "nothing-here"))
                .hasMessage("model alias x names model 'nothing-here': expected one of [pocketsphinx-en-us]");
        assertThatThrownBy(() -> ModelConfig.defaults().withSetting("x", "Whisper:/m.bin"))
                .hasMessage("model x: engine 'Whisper': expected a lower-case name such as pocketsphinx");
        assertThatThrownBy(() -> ModelConfig.defaults().withSetting("x y", "whisper:/m.bin"))
                .hasMessage("model id 'x y': expected letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> ModelConfig.defaults().withSetting("x", "whisper: "))
                .hasMessage("model x: expected a model location after 'whisper:', found nothing");
        assertThatThrownBy(() -> ModelConfig.defaults().select("nope"))
                .hasMessage("unknown model 'nope': expected one of " + ModelConfig.defaults().ids());
    }
}
