package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.streaming.TargetDelay;

/** Sessions at once, each with its own recording, encoding, rate and delay, get what an
 *  in-process transcriber gets from the same bytes. */
class ConcurrentSessionsTest {

    private static final int SESSIONS = 8;
    private static ModelRegistry models;
    private static SpeechEngine engine;
    private static EarshotServer server;

    /** One session's input: audio in its encoding and rate, cut into chunks of {@code chunkBytes}. */
    record Case(String name, byte[] audio, AudioFormat format, int delayMs, int chunkBytes) {
        List<String> chunks() {
            return Recordings.chunks(audio, chunkBytes);
        }
    }

    /**
     * One engine with its default workers (one per core), shared by the server and the
     * in-process references, as a real server shares it: several streams decode on each worker,
     * and each stream's result must not depend on what else the worker decodes.
     */
    @BeforeAll
    static void startServer() {
        models = ModelRegistry.open(ModelConfig.defaults());
        engine = models.require(ModelConfig.DEFAULT_MODEL.id());
        server = new EarshotServer(TestServers.config(), List.of(engine));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
        models.close();
    }

    private static Case make(String name, short[] samples, AudioEncoding encoding, int rate, int delayMs, int chunk) {
        return new Case(name, Recordings.encode(samples, encoding), new AudioFormat(encoding, rate), delayMs, chunk);
    }

    private static short[] samples(String librivoxOrFetched) {
        var wav = librivoxOrFetched.matches("\\d{4}") ? Recordings.librivox(librivoxOrFetched)
                : Recordings.fetched(librivoxOrFetched);
        return Recordings.samples(wav.data());
    }

    /** Recordings of about 3 s each: each is decoded twice, and what is tested is how they are sent. */
    private static List<Case> cases() {
        return List.of(
                make("0930 s16le 16k", samples("0930"), AudioEncoding.PCM_S16LE, 16000, 480, 15_360),
                make("0880 s32le 16k", samples("0880"), AudioEncoding.PCM_S32LE, 16000, 240, 9_999),
                // 8455 at the delay with the best-path pass, which costs it the least of these.
                make("8455 f32le 16k", samples("dsexamples_8455-210777-0068"), AudioEncoding.PCM_F32LE, 16000, 1000,
                        64_000),
                make("4507 f16le 16k", samples("dsexamples_4507-16021-0012"), AudioEncoding.PCM_F16LE, 16000, 0,
                        3_201),
                make("atrok_1 mulaw 8k", Recordings.halveRate(samples("atrok_export_1")), AudioEncoding.PCM_MULAW,
                        8000, 480, 3_840),
                make("atrok_2 alaw 8k", Recordings.halveRate(samples("atrok_export_2")), AudioEncoding.PCM_ALAW,
                        8000, 480, 4_000),
                make("s2t s16le 48k", Recordings.multiplyRate(samples("s2t_1089-134686-0001"), 3),
                        AudioEncoding.PCM_S16LE, 48000, 480, 46_080),
                make("LDC93S1 s16le 32k", Recordings.multiplyRate(samples("deepspeech_LDC93S1"), 2),
                        AudioEncoding.PCM_S16LE, 32000, 720, 20_000));
    }

    @Test
    void eightSessionsAtOnceMatchInProcessTranscripts() throws Exception {
        List<Case> cases = cases();
        assertThat(cases).hasSize(SESSIONS);
        List<String> expected = cases.stream()
                .map(c -> InProcess.transcript(engine, c.format(), new TargetDelay(c.delayMs()), c.chunks())).toList();
        List<RealtimeRecorder> clients = new ArrayList<>();
        for (Case c : cases) {
            clients.add(startStream(c));
        }
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < cases.size(); i++) {
                RealtimeRecorder client = clients.get(i);
                Case c = cases.get(i);
                results.add(threads.submit(() -> finishStream(client, c)));
            }
            List<String> differing = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                String got = results.get(i).get();
                assertThat(got).as(cases.get(i).name()).isNotBlank();
                if (!got.equals(expected.get(i))) {
                    differing.add(cases.get(i).name() + ": expected \"" + expected.get(i) + "\" but was \"" + got + "\"");
                }
            }
            assertThat(differing).as("sessions whose transcript differs from the in-process one").isEmpty();
        }
        CheckRecognizers.awaitOpen(engine, 0);
    }

    /** Opens a session and sends its first chunk, which opens its recognizer. */
    private static RealtimeRecorder startStream(Case c) {
        RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
        client.expect(ServerEvent.SessionCreated.class);
        AudioFormatSpec spec = WireFormats.toWire(c.format());
        client.send(new ClientEvent.SessionUpdate(new SessionConfig(spec, c.delayMs())));
        assertThat(client.expect(ServerEvent.SessionUpdated.class).session().audioFormat()).isEqualTo(spec);
        client.send(new ClientEvent.InputAudioAppend(c.chunks().getFirst()));
        return client;
    }

    /** Sends the rest of the audio, flush and end; returns the transcript. */
    private static String finishStream(RealtimeRecorder client, Case c) {
        c.chunks().stream().skip(1).forEach(chunk -> client.send(new ClientEvent.InputAudioAppend(chunk)));
        client.send(new ClientEvent.InputAudioFlush());
        client.send(new ClientEvent.InputAudioEnd());
        String text = client.expectTranscription().text();
        client.expectClose(1000);
        client.assertExhausted();
        return text;
    }
}
