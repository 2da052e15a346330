package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /v1/audio/transcriptions} on the real server: each audio format made from a real
 * recording with sox and ffmpeg, each response format, and each refusal.
 */
@Timeout(180)
class BatchTranscriptionTest {

    /**
     * TIMIT's "she had your dark suit in greasy wash water all year", 2.92 s, 94 kB: among the
     * recordings PocketSphinx decodes cheapest at the batch's delay, and this class decodes it a
     * dozen times.
     */
    private static final Path RECORDING = Recordings.FETCHED.resolve("deepspeech_LDC93S1.wav");
    /** 7.1 s, 227 kB: over the 3 s session limit, and a WAV over the form's allowance beyond a 50 kB upload limit. */
    private static final Path LONG_RECORDING =
            Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav");
    /** Words of the recording that every codec below keeps. */
    private static final String WORD = "she had";
    private static final String MODEL = ServerConfig.SEED_MODEL_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tries at the race a stalled upload can lose to the request sent right after it. */
    private static final int PLACE_ATTEMPTS = 5;

    @TempDir
    static Path dir;
    private static EarshotServer server;
    private static URI endpoint;
    /** The recording's text through the endpoint, as its own 16 kHz WAV. */
    private static String reference;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config());
        endpoint = TestServers.http(server, "/v1/audio/transcriptions");
        HttpResponse<String> response = new Multipart().field("model", MODEL).file("file", RECORDING).post(endpoint);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        reference = JSON.readTree(response.body()).get("text").asText();
        assertThat(reference).contains(WORD);
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void jsonIsMistralsResponseWithIntegerUsage() throws Exception {
        JsonNode body = json(new Multipart().field("model", MODEL).file("file", convert("ffmpeg -c:a flac OUT.flac"))
                .field("language", "en").field("temperature", "0.0").field("timestamp_granularities", "segment")
                .post(endpoint));

        assertThat(body.get("model").asText()).isEqualTo(MODEL);
        assertThat(body.get("text").asText()).isEqualTo(reference);
        assertThat(body.get("language").asText()).isEqualTo("en");
        assertThat(body.has("type")).isFalse();
        JsonNode segment = body.get("segments").get(0);
        assertThat(segment.get("type").asText()).isEqualTo("transcription_segment");
        assertThat(segment.get("end").asDouble()).isGreaterThan(segment.get("start").asDouble());
        // 2.92 s of audio bills as 3 whole seconds.
        assertThat(body.get("usage").get("prompt_audio_seconds").isInt()).isTrue();
        assertThat(body.get("usage").get("prompt_audio_seconds").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "ffmpeg -ar 44100 -ac 2 OUT.mp3, text",
        "ffmpeg -c:a aac OUT.m4a, srt",
        "ffmpeg -c:a libopus OUT.ogg, vtt",
        "ffmpeg -c:a libopus OUT.webm, verbose_json",
        "sox -b 24 -r 96000 OUT.wav, json",
    })
    void everyFormatInEveryResponseFormat(String command, String format) throws Exception {
        HttpResponse<String> response = new Multipart().field("model", MODEL).file("file", convert(command))
                .field("response_format", format).post(endpoint);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String text = switch (format) {
            case "text" -> {
                assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
                yield response.body().strip();
            }
            case "srt" -> {
                assertThat(response.body()).startsWith("1\n00:00:0").contains(" --> ");
                yield captionText(response.body());
            }
            case "vtt" -> {
                assertThat(response.body()).startsWith("WEBVTT\n\n00:00:0");
                yield captionText(response.body());
            }
            case "verbose_json" -> {
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("task").asText()).isEqualTo("transcribe");
                assertThat(body.get("duration").asDouble()).isBetween(2.9, 3.0);
                assertThat(body.get("segments").get(0).get("id").asInt()).isZero();
                assertThat(body.has("words")).isFalse();
                yield body.get("text").asText();
            }
            default -> JSON.readTree(response.body()).get("text").asText();
        };
        // Lossy codecs may change a word of the recording, but not WORD; FLAC (the json test) changes none.
        assertThat(text).contains(WORD);
    }

    @Test
    void verboseJsonHasWordTimesWhenAsked() throws Exception {
        JsonNode body = json(new Multipart().field("model", MODEL).file("file", convert("ffmpeg OUT.mp3"))
                .field("response_format", "verbose_json").field("timestamp_granularities[]", "word")
                .field("timestamp_granularities[]", "segment").post(endpoint));

        List<String> words = new ArrayList<>();
        double previousEnd = 0;
        for (JsonNode w : body.get("words")) {
            words.add(w.get("word").asText());
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(previousEnd - 1e-9);
            assertThat(w.get("end").asDouble()).isGreaterThanOrEqualTo(w.get("start").asDouble());
            previousEnd = w.get("end").asDouble();
        }
        assertThat(String.join(" ", words)).isEqualTo(body.get("text").asText());
    }

    @Test
    void streamsServerSentEventsEndingInDone() throws Exception {
        List<String[]> events = sse(new Multipart().field("model", MODEL).field("stream", "true")
                .file("file", convert("ffmpeg -c:a libopus OUT.webm")));

        assertThat(events.getFirst()[0]).isEqualTo("transcription.language");
        assertThat(events.getLast()[0]).isEqualTo("transcription.done");
        StringBuilder deltas = new StringBuilder();
        for (String[] event : events) {
            JsonNode data = JSON.readTree(event[1]);
            assertThat(data.get("type").asText()).isEqualTo(event[0]);
            if (event[0].equals("transcription.text.delta")) {
                deltas.append(data.get("text").asText());
            }
        }
        assertThat(events).extracting(e -> e[0]).contains("transcription.segment");
        JsonNode done = JSON.readTree(events.getLast()[1]);
        assertThat(done.get("text").asText()).isEqualTo(deltas.toString()).contains(WORD);
        assertThat(done.get("usage").get("prompt_audio_seconds").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no file | 400 | expected exactly one of 'file' (an upload), 'file_url' or 'file_id', found none",
        "two files | 400 | expected exactly one of 'file' (an upload), 'file_url' or 'file_id', found 2",
        "file_id | 400 | 'file_id' is not supported: this server keeps no file store; upload the audio as 'file'",
        "file_url | 400 | 'file_url' is disabled on this server: the operator has not allowed fetching URLs "
                + "(allow-file-urls); upload the audio as 'file'",
        "unknown model | 404 | unknown model 'nope': expected one of [pocketsphinx-en-us, "
                + "voxtral-mini-transcribe-realtime-2602, voxtral-mini-transcribe-realtime-3, "
                + "voxtral-mini-transcribe-realtime-3-0, voxtral-mini-transcribe-realtime-latest]",
        "no model | 400 | missing 'model': expected the id of a model (see GET /v1/models)",
        "diarize | 400 | diarize is not supported: model 'voxtral-mini-transcribe-realtime-2602' does not tell "
                + "speakers apart",
        "word with json | 400 | timestamp_granularities 'word' needs response_format=verbose_json: the json response "
                + "has no words (as with Voxtral Transcribe 3)",
        "bad format | 400 | unknown response_format 'docx': expected one of [json, text, srt, vtt, verbose_json]",
        "french | 400 | language 'fr' is not available: model 'voxtral-mini-transcribe-realtime-2602' transcribes [en]",
        "description | 400 | context_bias 'a reading of a novel by Jane Austen' has 8 words: expected key phrases of "
                + "at most 6 words (names, places, terms), one per context_bias part; a description of the recording "
                + "is not supported",
        "not audio | 400 | cannot decode 'notes.mp3': expected an audio file (wav, mp3, m4a/aac, ogg/opus, webm, "
                + "flac), ffmpeg says: Failed to read frame size: Could not seek to 1068.; Invalid argument",
    })
    void refusesWithOneLine(String problem, int status, String message) throws Exception {
        byte[] wav = Files.readAllBytes(RECORDING);
        Multipart form = new Multipart();
        if (!problem.equals("no model")) {
            form.field("model", problem.equals("unknown model") ? "nope" : MODEL);
        }
        switch (problem) {
            case "no file" -> { }
            case "two files" -> form.file("file", "a.wav", wav).file("file", "b.wav", wav);
            case "file_id" -> form.field("file_id", "file-abc123");
            case "file_url" -> form.field("file_url", "http://127.0.0.1:9/a.wav");
            case "not audio" -> form.file("file", "notes.mp3",
                    "these are not the sounds you are looking for\n".getBytes(StandardCharsets.UTF_8));
            default -> form.file("file", "a.wav", wav);
        }
        switch (problem) {
            case "diarize" -> form.field("diarize", "true");
            case "word with json" -> form.field("timestamp_granularities", "word");
            case "bad format" -> form.field("response_format", "docx");
            case "french" -> form.field("language", "fr");
            case "description" -> form.field("context_bias", "Dashwood")
                    .field("context_bias", " a reading of a novel by Jane Austen ");
            default -> { }
        }

        HttpResponse<String> response = form.post(endpoint);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("code").asInt()).isEqualTo(status);
    }

    @Test
    void refusesWithoutAnApiKey() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString("x")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void refusesATooLargeUploadByItsDeclaredLengthOrItsSizeAndAFormThatIsNotMultipart() throws Exception {
        try (EarshotServer small = new EarshotServer(TestServers.config(), List.of(SharedEngine.get()),
                BatchSettings.defaults().withMaxUploadBytes(50_000))) {
            small.start();
            URI uri = TestServers.http(small, "/v1/audio/transcriptions");
            HttpResponse<String> tooLarge = new Multipart().field("model", MODEL).file("file", LONG_RECORDING)
                    .post(uri);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(tooLarge.body()).get("message").asText())
                    .matches("upload of \\d+ bytes: this server takes files up to 50000 bytes");
            // 94 kB: a body the form's allowance lets in, with a file Jetty stops reading at the limit.
            HttpResponse<String> fileTooLarge = new Multipart().field("model", MODEL).file("file", RECORDING).post(uri);
            assertThat(fileTooLarge.statusCode()).as(fileTooLarge.body()).isEqualTo(413);
            assertThat(JSON.readTree(fileTooLarge.body()).get("message").asText())
                    .isEqualTo("upload of more than the limit: this server takes files up to 50000 bytes");

            HttpResponse<String> fits = new Multipart().field("model", MODEL)
                    .file("file", convert("ffmpeg OUT.mp3")).post(uri);
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);

            HttpRequest json = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TestServers.API_KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpResponse<String> notForm = HttpClient.newHttpClient().send(json, HttpResponse.BodyHandlers.ofString());
            assertThat(notForm.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(notForm.body()).get("message").asText()).isEqualTo("expected a multipart/form-data "
                    + "body (curl -F file=@audio.mp3 -F model=...), found Content-Type application/json");
        }
    }

    @Test
    void refusesAudioLongerThanTheSessionLimit() throws Exception {
        try (EarshotServer shortLimit = TestServers.start(TestServers.builder().maxSessionLength(Duration.ofSeconds(3)).build())) {
            HttpResponse<String> response = new Multipart().field("model", MODEL).file("file", LONG_RECORDING)
                    .post(TestServers.http(shortLimit, "/v1/audio/transcriptions"));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(response.body()).get("message").asText())
                    .isEqualTo("'" + LONG_RECORDING.getFileName() + "' is longer than the 3 s this server transcribes");
        }
    }

    @Test
    void refusesAJobBeyondTheLimitWhileOneRuns() throws Exception {
        try (EarshotServer oneJob = new EarshotServer(TestServers.config(), List.of(SharedEngine.get()),
                BatchSettings.defaults().withMaxJobs(1))) {
            oneJob.start();
            URI uri = TestServers.http(oneJob, "/v1/audio/transcriptions");
            Multipart form = new Multipart().field("model", MODEL).file("file", RECORDING);
            byte[] body = form.bytes();
            // The first job holds its place from the moment its headers arrive: its upload stalls
            // halfway. A second sent at once may still be handled first and take the place: then the
            // first is the one refused, and the pair is tried again.
            Socket stalled = null;
            HttpResponse<String> refused = null;
            for (int attempt = 0; attempt < PLACE_ATTEMPTS && (refused == null || refused.statusCode() != 429);
                    attempt++) {
                if (stalled != null) {
                    stalled.close();
                }
                stalled = stalledUpload(oneJob.port(), form, body);
                refused = new Multipart().field("model", MODEL).file("file", "x.wav", new byte[0]).post(uri);
            }
            try (Socket socket = stalled) {
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
                assertThat(JSON.readTree(refused.body()).get("message").asText())
                        .isEqualTo("too many transcriptions: the server runs at most 1 at once; try again later");
                OutputStream out = socket.getOutputStream();
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(status).isEqualTo("HTTP/1.1 200 OK");
            }
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(TestServers.http(oneJob, "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("earshot_batch_jobs_total{outcome=\"done\"} 1.0")
                    .contains("earshot_errors_total{code=\"429\"}");
        }
    }

    /** A POST of {@code body} on a plain socket, so that no client buffers or delays it, stalled halfway. */
    private static Socket stalledUpload(int port, Multipart form, byte[] body) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TestServers.API_KEY + "\r\nContent-Type: " + form.contentType()
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, body.length / 2);
        out.flush();
        return socket;
    }

    private static List<String[]> sse(Multipart form) throws Exception {
        HttpResponse<InputStream> response = send(endpoint, form);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String[]> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String type = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new String[] {type, line.substring(6)});
                }
            }
        }
        return events;
    }

    private static HttpResponse<InputStream> send(URI uri, Multipart form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TestServers.API_KEY)
                .header("Accept", "text/event-stream").header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The cue lines of an SRT or VTT document, joined. */
    private static String captionText(String document) {
        return String.join(" ", document.lines()
                .filter(l -> !l.isBlank() && !l.equals("WEBVTT") && !l.contains(" --> ") && !l.matches("\\d+"))
                .toList());
    }

    /** Runs sox or ffmpeg on the recording, once per command; OUT in the command is the output's name. */
    static Path convert(String command) throws Exception {
        String[] words = command.split(" ");
        Path out = dir.resolve(words[words.length - 1].replace("OUT", "recording-" + Math.abs(command.hashCode())));
        if (Files.exists(out)) {
            return out;
        }
        List<String> argv = new ArrayList<>(List.of(words[0]));
        if (words[0].equals("ffmpeg")) {
            argv.addAll(List.of("-v", "error", "-y", "-i", RECORDING.toString()));
        } else {
            argv.add(RECORDING.toString());
        }
        argv.addAll(List.of(words).subList(1, words.length - 1));
        argv.add(out.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(argv + ": " + output).isZero();
        return out;
    }
}
