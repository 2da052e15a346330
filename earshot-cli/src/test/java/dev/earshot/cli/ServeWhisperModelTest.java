package dev.earshot.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earshot.client.RealtimeClient;
import dev.earshot.engine.whisper.WhisperModels;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ServerEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code earshot serve} serving Whisper model files from paths of their own, outside the models
 * folder (which is empty here), named in each of the three places a model is configured: a line
 * {@code model.<id>=whisper:<path>} of the config file, an {@code EARSHOT_MODEL_<ID>} variable,
 * and {@code --model-config}. The real command line in a child JVM, on port 0, with
 * {@code --workers}, which every engine takes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeWhisperModelTest {

    private static final String KEY = "whisper-serve-key-0123456789";
    /** 2.79 s of 16 kHz 16-bit speech, headerless ("go forward ten meters"). */
    private static final Path RECORDING = Path.of("/usr/share/pocketsphinx/test/data/goforward.raw");

    @Test
    void aWhisperFileAnywhereIsServedFromTheConfigFileAVariableOrAFlag(@TempDir Path dir) throws Exception {
        Path fromFile = copy(dir.resolve("one/a model.bin"));
        Path fromVariable = copy(dir.resolve("two/whisper.ggml"));
        Path fromFlag = copy(dir.resolve("three/x.bin"));
        Path config = Files.writeString(dir.resolve("earshot.properties"),
                "model.whisper-file = whisper:" + fromFile + "\n");
        Path err = dir.resolve("stderr");
        Process serve = ServeCommandTest.start(Map.of("EARSHOT_MODEL_WHISPER_VARIABLE", "whisper:" + fromVariable,
                "EARSHOT_MODELS_DIR", Files.createDirectories(dir.resolve("empty-models-folder")).toString()), err,
                "serve", "--config", config.toString(), "--port", "0", "--workers", "1", "--api-key", KEY,
                "--model-config", "whisper-flag=whisper:" + fromFlag, "--shutdown-grace-seconds", "1");
        try {
            String base = "http://127.0.0.1:" + port(serve);
            JsonNode listed = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/v1/models")).header("Authorization", "Bearer " + KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("data");
            Map<String, String> engines = new TreeMap<>();
            listed.forEach(m -> engines.put(m.get("id").asText(), m.get("engine").asText()));
            assertThat(engines).containsEntry("whisper-file", "whisper").containsEntry("whisper-variable", "whisper")
                    .containsEntry("whisper-flag", "whisper").containsEntry("pocketsphinx-en-us", "pocketsphinx");
            for (String model : List.of("whisper-file", "whisper-variable", "whisper-flag")) {
                List<ServerEvent> events = transcribe(base, model);
                assertThat(events.getLast()).as(model).isInstanceOfSatisfying(ServerEvent.TranscriptionDone.class,
                        done -> assertThat(done.text()).isEqualTo(WhisperModels.SENTENCE).isEqualTo(deltas(events)));
            }
        } finally {
            serve.destroyForcibly();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(err)).doesNotContain("not served").doesNotContain("Exception");
    }

    /** The generated model, written to {@code target} (a name and folder of no convention). */
    private static Path copy(Path target) throws Exception {
        Files.createDirectories(target.getParent());
        return Files.copy(WhisperModels.small(), target);
    }

    /** The port of the listening line, the first the command prints. */
    private static String port(Process serve) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = String.valueOf(out.readLine());
        Matcher listening = Pattern.compile("earshot listening on ws://127\\.0\\.0\\.1:(\\d+)/.*").matcher(line);
        assertThat(listening.matches()).as(line).isTrue();
        return listening.group(1);
    }

    private static List<ServerEvent> transcribe(String base, String model) throws Exception {
        byte[] audio = Files.readAllBytes(RECORDING);
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < audio.length; at += 3_200) {
            chunks.add(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 3_200)));
        }
        try (RealtimeClient client = RealtimeClient.builder().apiKey(KEY).baseUrl(base).build();
                Stream<ServerEvent> events = client.audio().realtime().transcribeStream(chunks, model,
                        new AudioFormatSpec("pcm_s16le", 16_000), 480)) {
            return events.toList();
        }
    }

    private static String deltas(List<ServerEvent> events) {
        return events.stream().filter(e -> e instanceof ServerEvent.TextDelta)
                .map(e -> ((ServerEvent.TextDelta) e).text()).collect(Collectors.joining());
    }
}
