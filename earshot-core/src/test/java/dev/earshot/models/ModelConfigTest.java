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
}
