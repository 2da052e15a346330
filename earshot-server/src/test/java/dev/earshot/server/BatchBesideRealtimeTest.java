package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earshot.protocol.ServerEvent;

/**
 * Batch jobs beside realtime sessions on the real server: held to a fifth of the engine's time
 * while a session is open (so taking several times their engine time), with the same text as
 * alone; and on a drain, finished if they can be within the grace, else cut with 503.
 */
@Timeout(300)
class BatchBesideRealtimeTest {

    /** 3.3 s: paced beside a session, a job on it still runs for seconds, time enough to drain beside it. */
    private static final Path RECORDING =
            Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0930.wav");
    private static final String MODEL = ServerConfig.SEED_MODEL_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The recording's text from a job with no session beside it, asked once per class. */
    private static String alone;

    @Test
    void besideARealtimeSessionAJobRestsBetweenPiecesAndGivesTheSameText() throws Exception {
        try (EarshotServer server = TestServers.start(config())) {
            URI endpoint = TestServers.http(server, "/v1/audio/transcriptions");
            String alone = alone(endpoint);
            RealtimeRecorder session = openSession(server);
            double engineBefore = TestServers.metric(server, "earshot_processing_seconds_total");

            long start = System.nanoTime();
            String beside = text(form().post(endpoint));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double engine = TestServers.metric(server, "earshot_processing_seconds_total") - engineBefore;

            assertThat(beside).isEqualTo(alone).contains("amiable");
            // Each piece rests four times its engine time; all but the last (the utterance's end,
            // whose second passes can be a good part of the whole) are followed by their rest.
            assertThat(elapsed).as("seconds taken, against %.2f s of engine time", engine).isGreaterThan(2 * engine);
            closeSession(session);
        }
    }

    @Test
    void aDrainLetsARunningJobFinishAndRefusesNewOnesWith503() throws Exception {
        EarshotServer server = TestServers.start(config());
        URI endpoint = TestServers.http(server, "/v1/audio/transcriptions");
        String alone = alone(endpoint);
        // The open session paces the job, which so runs for several times its engine time: long
        // enough to start a drain beside it.
        RealtimeRecorder session = openSession(server);
        CompletableFuture<HttpResponse<String>> job = postAsync(endpoint, form());
        TestServers.awaitMetric(server, "earshot_batch_jobs_active 1.0");

        Thread shutdown = Thread.ofVirtual().start(() -> server.shutdown(Duration.ofSeconds(120)));
        HttpResponse<String> refused = awaitStatus(endpoint, 503);

        assertThat(JSON.readTree(refused.body()).get("message").asText())
                .isEqualTo("server shutting down: no new transcriptions");
        assertThat(job).isNotDone();
        closeSession(session);
        assertThat(text(job.get(150, TimeUnit.SECONDS))).isEqualTo(alone);
        shutdown.join(Duration.ofSeconds(60));
        assertThat(shutdown.isAlive()).isFalse();
        CheckRecognizers.awaitOpen(0);
    }

    @Test
    void aDrainCutsJobsStillRunningAtTheDeadlineWith503() throws Exception {
        EarshotServer server = TestServers.start(config());
        URI endpoint = TestServers.http(server, "/v1/audio/transcriptions");
        RealtimeRecorder session = openSession(server);
        CompletableFuture<HttpResponse<String>> plain = postAsync(endpoint, form());
        CompletableFuture<HttpResponse<String>> streamed = postAsync(endpoint, form().field("stream", "true"));
        TestServers.awaitMetric(server, "earshot_batch_jobs_active 2.0");

        server.shutdown(Duration.ofSeconds(1));

        HttpResponse<String> cut = plain.get(30, TimeUnit.SECONDS);
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(503);
        assertThat(JSON.readTree(cut.body()).get("message").asText()).matches(
                "server shutting down: the transcription was cut after \\d\\.\\d s of audio; send it again");
        String events = streamed.get(30, TimeUnit.SECONDS).body();
        assertThat(events).startsWith("event: transcription.language\n").doesNotContain("transcription.done")
                .containsPattern("event: error\ndata: \\{\"type\":\"error\",\"error\":\\{\"message\":\"server shutting "
                        + "down: the transcription was cut after \\d\\.\\d s of audio; send it again\",\"code\":503}}\n\n$");
        session.expectError(503, "server shutting down: server shutting down");
        session.expectClose(1001);
        CheckRecognizers.awaitOpen(0);
    }

    /** The test servers' settings, but an idle session lasts while a paced job runs on a loaded machine (minutes). */
    private static ServerConfig config() {
        return TestServers.builder().idleTimeout(Duration.ofMinutes(10)).build();
    }

    /** The recording's text from a job alone on {@code endpoint}'s server, the first time it is asked for. */
    private static synchronized String alone(URI endpoint) throws Exception {
        if (alone == null) {
            alone = text(form().post(endpoint));
        }
        return alone;
    }

    private static Multipart form() throws Exception {
        return new Multipart().field("model", MODEL).file("file", RECORDING);
    }

    private static RealtimeRecorder openSession(EarshotServer server) {
        RealtimeRecorder session = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        session.expect(ServerEvent.SessionCreated.class);
        return session;
    }

    private static void closeSession(RealtimeRecorder session) {
        session.socket().sendClose(1000, "done");
        session.expectClose(1000);
        session.assertExhausted();
    }

    private static String text(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("text").asText();
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(URI uri, Multipart form) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return form.post(uri);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Posts an empty upload until the answer has {@code status} (the drain starts on another thread), at most 10 s. */
    private static HttpResponse<String> awaitStatus(URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            HttpResponse<String> response = new Multipart().field("model", MODEL).file("file", "x.wav", new byte[0])
                    .post(uri);
            if (response.statusCode() == status || System.nanoTime() > deadline) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
                return response;
            }
            Thread.sleep(50);
        }
    }
}
