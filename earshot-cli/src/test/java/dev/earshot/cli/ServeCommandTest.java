package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earshot serve} as an operator runs it: the real command in a process of its own, with
 * only the environment each case gives it. Every mistake is one line on stderr naming the
 * setting, the value and what was expected, with exit code 2 for a setting and 1 for what the
 * machine refused; a good start prints the URLs and a line per model, a refused request a line
 * without its key, and SIGTERM a line when the drain starts and one when it ends.
 */
@Timeout(120)
class ServeCommandTest {

    private static final long RUN_SECONDS = 60;
    private static final String KNOWN_VARIABLES = "EARSHOT_HOST, EARSHOT_PORT, EARSHOT_API_KEYS, "
            + "EARSHOT_ALLOW_UNAUTHENTICATED, EARSHOT_ALLOWED_ORIGINS, EARSHOT_MAX_SESSIONS, "
            + "EARSHOT_MAX_SESSIONS_PER_KEY, EARSHOT_MAX_SESSIONS_PER_SECRET, EARSHOT_MAX_CHUNK_BYTES, "
            + "EARSHOT_IDLE_TIMEOUT_SECONDS, EARSHOT_MAX_SESSION_SECONDS, EARSHOT_CLIENT_SECRET_TTL_SECONDS, "
            + "EARSHOT_CLIENT_SECRET_MAX_TTL_SECONDS, EARSHOT_BATCH_MAX_UPLOAD_BYTES, EARSHOT_BATCH_MAX_JOBS, "
            + "EARSHOT_ALLOW_FILE_URLS or EARSHOT_MODEL_<ID>";

    /** What one run wrote and how it ended. */
    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void portInUseIsOneLineAndExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertOneLine(run(Map.of(), "serve", "--port", Integer.toString(port)), 1,
                    "port " + port + " on 127.0.0.1: Address already in use (expected a free port: is another "
                            + "server running there?)");
        }
    }

    @Test
    void missingConfigFileIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("absent.properties");
        assertOneLine(run(Map.of(), "serve", "--config", absent.toString()), 2,
                "config file " + absent + ": no such file");
    }

    @Test
    void nonIntegerPortInFileOrVariableOrFlagIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("earshot.properties"), "port = abc\n");
        assertOneLine(run(Map.of(), "serve", "--config", file.toString()), 2, "port=abc: expected an integer");
        assertOneLine(run(Map.of("EARSHOT_PORT", "abc"), "serve"), 2, "EARSHOT_PORT=abc: expected an integer");
        assertOneLine(run(Map.of(), "serve", "--port", "abc"), 2,
                "Invalid value for option '--port': 'abc' is not an int (see earshot serve --help)");
    }

    @Test
    void outOfRangeFlagsAreOneLineAndExit2() throws Exception {
        assertOneLine(run(Map.of(), "serve", "--workers", "0"), 2, "--workers 0: expected 1 to 1024");
        assertOneLine(run(Map.of(), "serve", "--port", "99999"), 2, "port 99999 out of range: expected 0 to 65535");
    }

    @Test
    void publicHostWithoutKeysIsOneLineAndExit2() throws Exception {
        assertOneLine(run(Map.of(), "serve", "--host", "0.0.0.0"), 2, "host 0.0.0.0 without api-keys: expected "
                + "api-keys, a loopback host, or allow-unauthenticated (anyone who reaches it could transcribe)");
    }

    @Test
    void unresolvableHostIsOneLineAndExit1() throws Exception {
        assertOneLine(run(Map.of(), "serve", "--host", "no-such-host.invalid"), 1,
                "host no-such-host.invalid: cannot resolve (expected an address or a name this machine resolves)");
    }

    @Test
    void unknownKeysAndVariablesAreRefusedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("earshot.properties"), "prot = 9000\nmodel.tiny = x\n");
        assertOneLine(run(Map.of(), "serve", "--config", file.toString()), 2, "config file " + file
                + ": unknown key(s) [prot]: expected host, port, api-keys, allow-unauthenticated, allowed-origins, "
                + "max-sessions, max-sessions-per-key, max-sessions-per-secret, max-chunk-bytes, idle-timeout-seconds, "
                + "max-session-seconds, client-secret-ttl-seconds, client-secret-max-ttl-seconds, "
                + "batch-max-upload-bytes, batch-max-jobs, allow-file-urls or model.<id>");
        assertOneLine(run(Map.of("EARSHOT_PROT", "9000"), "serve"), 2,
                "unknown variable(s) [EARSHOT_PROT]: expected " + KNOWN_VARIABLES);
    }

    @Test
    void startupNamesUrlsAndModelsAndSigtermLogsTheDrain(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr");
        // The launcher's own variable, which a server started through it inherits, is no typo.
        Process serve = start(Map.of("EARSHOT_JAVA_OPTIONS", "-Xmx512m"), err, "serve", "--port", "0",
                "--shutdown-grace-seconds", "1", "--api-key", "the-right-key-123");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            Matcher listening = Pattern.compile("earshot listening on ws://127\\.0\\.0\\.1:(\\d+)/v1/audio/"
                    + "transcriptions/realtime").matcher(String.valueOf(out.readLine()));
            assertThat(listening.matches()).isTrue();
            String port = listening.group(1);
            HttpResponse<Void> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/models")).header("Authorization", "Bearer wrong-key-456")
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertThat(refused.statusCode()).isEqualTo(401);
            serve.destroy(); // SIGTERM, as systemd or ctrl+c
            assertThat(serve.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).isTrue();
            String http = "http://127.0.0.1:" + port;
            assertThat(Files.readString(err))
                    .contains("earshot listening: page " + http + "/ API " + http + "/v1 realtime ws://127.0.0.1:"
                            + port + "/v1/audio/transcriptions/realtime\n")
                    .contains("model pocketsphinx-en-us: engine pocketsphinx-en-us (pocketsphinx), languages en\n")
                    .contains("model voxtral-mini-transcribe-realtime-2602: engine pocketsphinx-en-us (pocketsphinx), languages en\n")
                    .contains("draining: 0 session(s) and 0 batch job(s) running may finish within 1 s; new ones refused "
                            + "with 503\n")
                    .contains("drained and stopped: 0 session(s) finished, 0 cut; 0 batch job(s) finished, 0 cut\n")
                    .containsPattern("refused code=401 reason=\"invalid or missing API key: expected 'Authorization: "
                            + "Bearer <key>'\" remote=127\\.0\\.0\\.1 path=/v1/models\n")
                    .doesNotContain("wrong-key-456").doesNotContain("the-right-key-123").doesNotContain("Exception");
        } finally {
            serve.destroyForcibly();
        }
    }

    private static void assertOneLine(Run run, int exitCode, String message) {
        assertThat(run.err()).isEqualTo("earshot serve: " + message + "\n");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.out()).isEmpty();
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("earshot-serve", ".out");
        Path err = Files.createTempFile("earshot-serve", ".err");
        try {
            Process process = start(env, err, args);
            process.getOutputStream().close();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("earshot " + String.join(" ", args) + " still running after " + RUN_SECONDS
                        + " s");
            }
            return new Run(process.exitValue(), printed, Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** The real command line in a JVM of its own ({@link EarshotProcess}), with no EARSHOT_* variable
     *  but {@code env}; stderr goes to {@code err}, read once the process is over. */
    static Process start(Map<String, String> env, Path err, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(EarshotProcess.command(args)).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("EARSHOT_"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
