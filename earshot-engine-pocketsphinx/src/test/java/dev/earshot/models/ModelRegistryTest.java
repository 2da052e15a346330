package dev.earshot.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.earshot.engine.EngineException;
import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.SpeechEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry with the real PocketSphinx provider, found through ServiceLoader. */
class ModelRegistryTest {

    private static final ModelSpec ONE_WORKER = ModelConfig.DEFAULT_MODEL.withOption("workers", "1");

    @Test
    void defaultsLoadThePocketSphinxModelUnderItsIdAndTheVoxtralAliases() {
        try (ModelRegistry models = ModelRegistry.open(
                new ModelConfig(List.of(ONE_WORKER), ModelConfig.defaultAliases()))) {
            SpeechEngine engine = models.require("pocketsphinx-en-us");
            assertThat(engine.id()).isEqualTo("pocketsphinx-en-us");
            assertThat(engine.info().engine()).isEqualTo("pocketsphinx");
            assertThat(engine.info().languages()).containsExactly("en");
            assertThat(models.require(ModelConfig.SEED_MODEL_ID)).isSameAs(engine);
            for (String voxtral3 : ModelConfig.VOXTRAL_3_MODEL_IDS) {
                assertThat(models.require(voxtral3)).isSameAs(engine);
            }
            assertThat(models.ids()).containsExactly("pocketsphinx-en-us", ModelConfig.SEED_MODEL_ID,
                    "voxtral-mini-transcribe-realtime-3", "voxtral-mini-transcribe-realtime-3-0",
                    "voxtral-mini-transcribe-realtime-latest");
            assertThat(models.failures()).isEmpty();
        }
    }

    @Test
    void aModelThatDoesNotLoadFailsAloneWithOneLine(@TempDir Path empty) throws Exception {
        Files.writeString(empty.resolve("model.dict"), "hello HH AH L OW\n");
        ModelConfig config = new ModelConfig(List.of(ONE_WORKER,
                new ModelSpec("broken", "pocketsphinx", empty.toString()),
                new ModelSpec("nowhere", "kaldi", "/nonexistent")), Map.of("alias-of-broken", "broken"));
        try (ModelRegistry models = ModelRegistry.open(config)) {
            assertThat(models.engines()).extracting(SpeechEngine::id).containsExactly("pocketsphinx-en-us");
            assertThat(models.failures()).containsOnlyKeys("broken", "nowhere");
            assertThat(models.failures().get("broken")).isEqualTo("model broken: expected an acoustic model folder "
                    + "(with mdef) in " + empty + ", found none");
            assertThat(models.failures().get("nowhere")).startsWith("model nowhere: no engine 'kaldi': expected one of [")
                    .contains("pocketsphinx");
            assertThat(models.ids()).containsExactly("pocketsphinx-en-us");
            assertThatThrownBy(() -> models.require("alias-of-broken")).isInstanceOf(EngineException.class)
                    .hasMessage("unknown model 'alias-of-broken': expected one of [pocketsphinx-en-us]");
            assertThatThrownBy(() -> models.require("broken")).hasMessageStartingWith("model broken did not load: ");
        }
    }

    @Test
    void anUnknownOptionIsRefusedNamingIt() {
        try (ModelRegistry models = ModelRegistry.open(new ModelConfig(
                List.of(ONE_WORKER.withOption("beam", "1e-40")), Map.of()))) {
            assertThat(models.failures()).containsEntry("pocketsphinx-en-us", "model pocketsphinx-en-us: unknown "
                    + "pocketsphinx option 'beam': expected workers, language or a decoder flag such as -beam");
        }
    }
}
