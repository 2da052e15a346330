package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code earshot transcribe}, in process and against a real server on loopback port 0. */
@Timeout(120)
class TranscribeCommandTest {

    private static final String KEY = "cli-test-key-0123456789";
    private static final String WAV =
            "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav";

    private static ModelRegistry models;
    private static SpeechEngine engine;
    private static EarshotServer server;
    private static String url;

    @BeforeAll
    static void start() {
        models = ModelRegistry.open(ModelConfig.defaults());
        engine = models.require(ModelConfig.DEFAULT_MODEL.id());
        server = new EarshotServer(ServerConfig.defaults().withPort(0).withApiKeys(Set.of(KEY)), List.of(engine));
        url = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ZERO);
        models.close();
    }

    @Test
    void overTheServerPrintsWhatInProcessPrints() {
        for (String format : List.of("text", "srt", "json")) {
            CommandRun local = CommandRun.of("transcribe", WAV, "--delay", "720", "--format", format);
            CommandRun remote = CommandRun.of("transcribe", WAV, "--delay", "720", "--format", format,
                    "--server", url, "--api-key", KEY);
            assertThat(local.exitCode()).isZero();
            assertThat(remote.exitCode()).as(remote.err()).isZero();
            assertThat(remote.out()).as(format).isEqualTo(local.out()).contains("john");
        }
    }

    @Test
    void srtCuesComeFromTheSegments() {
        CommandRun run = CommandRun.of("transcribe", WAV, "--format", "vtt", "--server", url, "--api-key", KEY);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("WEBVTT\n\n00:00:0").containsPattern(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\nthe mr john");
    }

    @Test
    void wrongKeyIsOneLineAndExit1() {
        CommandRun run = CommandRun.of("transcribe", WAV, "--server", url, "--api-key", "wrong");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot transcribe: the server at " + url + " refused the API key")
                .hasLineCount(1);
    }

    @Test
    void unknownModelIsTheServersMessage() {
        CommandRun run = CommandRun.of("transcribe", WAV, "--server", url, "--api-key", KEY, "--model", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot transcribe: server error 404: unknown model 'nope': expected one of")
                .hasLineCount(1);
    }

    @Test
    void unreachableServerIsOneLine() {
        CommandRun run = CommandRun.of("transcribe", WAV, "--server", "http://127.0.0.1:9", "--api-key", KEY);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot transcribe: cannot reach the server at http://127.0.0.1:9")
                .hasLineCount(1);
    }

    @Test
    void aFileThatIsNotAudioIsOneLine(@TempDir Path dir) throws IOException {
        Path notWav = Files.writeString(dir.resolve("notes.wav"), "hello");
        CommandRun run = CommandRun.of("transcribe", notWav.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("earshot transcribe: cannot decode " + notWav + ": expected an audio file")
                .hasLineCount(1);
        CommandRun missing = CommandRun.of("transcribe", dir.resolve("absent.wav").toString());
        assertThat(missing.err()).isEqualTo("earshot transcribe: no such file: " + dir.resolve("absent.wav")
                + System.lineSeparator());
    }
}
