package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.cluster.LoopbackProxy;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code earshot transcribe}, in process and against a real server on loopback port 0. */
@Timeout(120)
class TranscribeCommandTest {

    private static final String KEY = "cli-test-key-0123456789";
    private static final String LIBRIVOX =
            "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-";
    /** 7.1 s, one sentence: long enough to cut a connection while it is still being sent at real time. */
    private static final String WAV = LIBRIVOX + "0870.wav";
    /**
     * 2.59 s, "your power is sufficient i said", which PocketSphinx hears as "your paris
     * aficionados said": what the comparisons of two transcriptions decode, each twice, in less CPU
     * than a librivox sentence of its length (docs/benchmarks.md, "The test suite's CPU").
     */
    private static final String SHORT_WAV = System.getProperty("earshot.shared.dir", "/work/shared")
            + "/eval/fetched/dsexamples_8455-210777-0068.wav";

    private static ModelRegistry models;
    private static SpeechEngine engine;
    private static EarshotServer server;
    private static String url;

    @BeforeAll
    static void start() {
        models = ModelRegistry.open(ModelConfig.defaults());
        engine = models.require(ModelConfig.DEFAULT_MODEL.id());
        server = new EarshotServer(ServerConfig.builder().port(0).apiKeys(Set.of(KEY)).build(), List.of(engine));
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
            CommandRun local = CommandRun.of("transcribe", SHORT_WAV, "--delay", "720", "--format", format);
            CommandRun remote = CommandRun.of("transcribe", SHORT_WAV, "--delay", "720", "--format", format,
                    "--server", url, "--api-key", KEY);
            assertThat(local.exitCode()).isZero();
            assertThat(remote.exitCode()).as(remote.err()).isZero();
            if (format.equals("srt")) {
                // Over the realtime protocol segments carry no word times: cues are cut at
                // interpolated times, so only their words agree.
                assertThat(cueText(remote.out())).isEqualTo(cueText(local.out())).contains("your");
            } else {
                assertThat(remote.out()).as(format).isEqualTo(local.out()).contains("said");
            }
        }
    }

    /** An mp3 through the batch endpoint gives what transcribe prints at the largest delay. */
    @Test
    void theBatchEndpointGivesTranscribesTextAtTheLargestDelay(@TempDir Path dir) throws Exception {
        Path mp3 = dir.resolve("recording.mp3");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-i", SHORT_WAV, mp3.toString()).inheritIO()
                .start();
        assertThat(ffmpeg.waitFor()).isZero();
        CommandRun local = CommandRun.of("transcribe", mp3.toString(), "--delay", "10000");
        String boundary = "cli-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                + ServerConfig.SEED_MODEL_ID + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; "
                + "name=\"response_format\"\r\n\r\ntext\r\n--" + boundary + "\r\nContent-Disposition: form-data; "
                + "name=\"file\"; filename=\"recording.mp3\"\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/audio/transcriptions"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(mp3), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> batch = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(batch.body().strip()).isEqualTo(local.out().strip()).contains("said");
    }

    /** Subtitles of a 12 s sentence of 35 words: every cue within 7 s and two lines of 42 characters. */
    @Test
    void subtitlesOfARealRecordingFollowSubtitleConventions() {
        CommandRun run = CommandRun.of("transcribe", "/work/shared/eval/fetched/lhotse_2412-153948-0000.wav",
                "--format", "srt", "--server", url, "--api-key", KEY);
        CommandRun text = CommandRun.of("transcribe", "/work/shared/eval/fetched/lhotse_2412-153948-0000.wav",
                "--server", url, "--api-key", KEY);

        assertThat(run.exitCode()).isZero();
        List<String> cues = List.of(run.out().split("\n\n"));
        assertThat(cues).hasSizeGreaterThan(2);
        for (String cue : cues) {
            List<String> lines = cue.lines().toList();
            String[] times = lines.get(1).split(" --> ");
            assertThat(seconds(times[1]) - seconds(times[0])).as(cue).isLessThanOrEqualTo(7.0);
            assertThat(lines.subList(2, lines.size())).as(cue).hasSizeBetween(1, 2)
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(42));
        }
        assertThat(cueText(run.out())).isEqualTo(text.out().strip());
    }

    private static double seconds(String srtTime) {
        String[] p = srtTime.replace(',', ':').split(":");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2])
                + Integer.parseInt(p[3]) / 1000.0;
    }

    private static String cueText(String srt) {
        return String.join(" ", srt.lines().filter(l -> !l.isBlank() && !l.contains(" --> ") && !l.matches("\\d+"))
                .toList());
    }

    @Test
    void srtCuesComeFromTheSegments() {
        CommandRun run = CommandRun.of("transcribe", SHORT_WAV, "--format", "vtt", "--server", url, "--api-key", KEY);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("WEBVTT\n\n00:00:0").containsPattern(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\nyour ");
    }

    @Test
    void aStreamThatLosesItsConnectionResumesAndSaysSoInOneLine() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(List.of(server.port()))) {
            String via = "http://127.0.0.1:" + proxy.port();
            CompletableFuture<CommandRun> run = CompletableFuture.supplyAsync(() -> CommandRun.of("transcribe", WAV,
                    "--realtime", "--server", via, "--api-key", KEY), Executors.newVirtualThreadPerTaskExecutor());
            // Paced at real time, the 7.1 s recording is still being sent 1.5 s after its session opened.
            awaitMetric("earshot_sessions_active 1.0");
            Thread.sleep(1500);
            assertThat(proxy.cut()).isEqualTo(1);

            CommandRun resumed = run.get(60, TimeUnit.SECONDS);

            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            assertThat(resumed.err()).containsPattern("(?m)^connection to " + Pattern.quote(via) + " lost \\(.+\\); "
                    + "resumed in a new session after \\d+ ms, \\d+\\.\\d s of audio sent again$");
            assertThat(resumed.err().lines().filter(l -> l.contains("resumed")).count()).isEqualTo(1);
            assertThat(resumed.out()).contains("leisure");
        }
    }

    @Test
    void aModelAliasThatNamesNoModelIsAUsageError() {
        CommandRun run = CommandRun.of("transcribe", WAV, "--model-config", "foo=nope", "--model", "foo");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("earshot transcribe: model alias foo names model 'nope': expected one of "
                + "[pocketsphinx-en-us]\n");
    }

    /** Polls the server's {@code /metrics} until it has {@code line}, at most 30 s. */
    private static void awaitMetric(String line) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/metrics")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "";
        while (System.nanoTime() < deadline && !body.contains(line + "\n")) {
            body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(20);
        }
        assertThat(body).contains(line + "\n");
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
