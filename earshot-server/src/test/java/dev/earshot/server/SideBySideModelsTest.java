package dev.earshot.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.earshot.engine.ModelSpec;
import dev.earshot.engine.whisper.WhisperModels;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server process serving PocketSphinx and a Whisper model (generated, its decoder arranged to
 * say one sentence) side by side, while a damaged Whisper file fails alone at startup.
 */
class SideBySideModelsTest {

    /** 2.79 s of 16 kHz 16-bit speech, headerless ("go forward ten meters"). */
    private static byte[] goForward;
    private static ModelRegistry models;
    private static EarshotServer server;
    private static Path damaged;
    private RealtimeRecorder client;

    @BeforeAll
    static void start() throws IOException {
        goForward = Files.readAllBytes(Path.of("/usr/share/pocketsphinx/test/data/goforward.raw"));
        Path good = WhisperModels.small();
        byte[] bytes = Files.readAllBytes(good);
        damaged = Files.write(good.resolveSibling("damaged-for-server.bin"), Arrays.copyOf(bytes, bytes.length / 2));
        ModelConfig config = ModelConfig.defaults()
                .with(ModelConfig.DEFAULT_MODEL.withOption("workers", "1"))
                .with(new ModelSpec("whisper-test", "whisper", good.toString()))
                .with(new ModelSpec("whisper-damaged", "whisper", damaged.toString()));
        models = ModelRegistry.open(config);
        server = new EarshotServer(TestServers.config(), models.engines());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(5));
        models.close();
    }

    @AfterEach
    void exhausted() {
        if (client != null) {
            client.assertExhausted();
        }
    }

    @Test
    void theDamagedModelAloneFailsWithOneLine() {
        assertThat(models.failures()).containsOnlyKeys("whisper-damaged");
        assertThat(models.failures().get("whisper-damaged"))
                .startsWith("model whisper-damaged: " + damaged + ": damaged whisper model: data of tensor '")
                .endsWith("(cut short)").doesNotContain("\n");
        assertThat(models.ids()).contains("pocketsphinx-en-us", "whisper-test").doesNotContain("whisper-damaged");
    }

    @Test
    void whisperRunsTheOfficialFlow() {
        ServerEvent.TranscriptionDone done = run("whisper-test", new ArrayList<>());
        assertThat(done.text()).isEqualTo(WhisperModels.SENTENCE);
        assertThat(done.model()).isEqualTo("whisper-test");
        assertThat(done.language()).isEqualTo("en");
    }

    @Test
    void pocketSphinxRunsBesideIt() {
        ServerEvent.TranscriptionDone done = run("pocketsphinx-en-us", new ArrayList<>());
        assertThat(done.text()).isNotBlank().isNotEqualTo(WhisperModels.SENTENCE);
        assertThat(done.model()).isEqualTo("pocketsphinx-en-us");
    }

    @Test
    void theDamagedModelIsUnknownToClients() {
        client = RealtimeRecorder.connect(TestServers.realtime(server, "model=whisper-damaged"), TestServers.AUTH);
        assertThat(client.expectError(404).message()).isEqualTo("unknown model 'whisper-damaged': expected one of "
                + "[pocketsphinx-en-us, voxtral-mini-transcribe-realtime-2602, whisper-test]");
        client.expectClose(1008);
    }

    /** session.created, session.update/updated, audio, end: the deltas, then done equal to them. */
    private ServerEvent.TranscriptionDone run(String model, List<ServerEvent> seen) {
        client = RealtimeRecorder.connect(TestServers.realtime(server, "model=" + model), TestServers.AUTH);
        SessionInfo created = client.expect(ServerEvent.SessionCreated.class).session();
        assertThat(created.model()).isEqualTo(model);
        client.send(new ClientEvent.SessionUpdate(new dev.earshot.protocol.SessionConfig(
                created.audioFormat(), 480)));
        client.expect(ServerEvent.SessionUpdated.class);
        Recordings.chunks(goForward, 3_200).forEach(c -> client.send(new ClientEvent.InputAudioAppend(c)));
        client.send(new ClientEvent.InputAudioEnd());
        ServerEvent.TranscriptionDone done = client.expectTranscription(seen);
        client.expectClose(1000);
        String deltas = String.join("", seen.stream().filter(e -> e instanceof ServerEvent.TextDelta)
                .map(e -> ((ServerEvent.TextDelta) e).text()).toList());
        assertThat(deltas).isEqualTo(done.text());
        return done;
    }
}
