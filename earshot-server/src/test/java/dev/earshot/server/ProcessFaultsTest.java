package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.earshot.audio.AudioFormat;
import dev.earshot.client.RealtimeClient;
import dev.earshot.client.RealtimeException;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.TargetDelay;

/**
 * Faults of the server process and of capacity: a server killed with SIGKILL mid-session (the SDK
 * must fail with {@link RealtimeException}, and a new server on the same port, in this JVM, must
 * serve at once), one that hangs with its connections open (SIGSTOP: the SDK's pings go unanswered), and
 * sessions over the limit (429) beside a well-behaved one.
 */
class ProcessFaultsTest {

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void serverKilledMidSessionFailsTheSdkAndARestartServesAtOnce() throws Exception {
        Process first = startChild();
        int port = awaitPort(first);
        byte[] audio = Recordings.brief().data();
        RealtimeClient client = RealtimeClient.builder().baseUrl("ws://127.0.0.1:" + port).build();
        try (Stream<ServerEvent> events = client.audio().realtime()
                .transcribeStream(endless(audio), ServerConfig.SEED_MODEL_ID, null, null)) {
            Iterator<ServerEvent> it = events.iterator();
            assertThat(it.next()).isInstanceOf(ServerEvent.SessionCreated.class);
            first.destroyForcibly(); // SIGKILL on Linux (Process.destroyForcibly, ProcessHandleImpl).
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> {
                while (it.hasNext()) {
                    it.next();
                }
            }).isInstanceOf(RealtimeException.class);
        }

        // The port the killed process held, bound again at once: the restart needs no process of its own.
        try (EarshotServer second = new EarshotServer(ServerConfig.builder().port(port).build(),
                List.of(SharedEngine.get()))) {
            assertThat(second.start()).isEqualTo(port);
            try (Stream<ServerEvent> events = client.audio().realtime()
                    .transcribeStream(List.of(audio), ServerConfig.SEED_MODEL_ID, null, null)) {
                ServerEvent last = events.reduce((a, b) -> b).orElseThrow();
                assertThat(last).isInstanceOf(ServerEvent.TranscriptionDone.class);
                assertThat(((ServerEvent.TranscriptionDone) last).text()).isNotBlank();
            }
        }
    }

    @Test
    void serverThatStopsAnsweringFailsTheSdkAfterThreeSilentPings() throws Exception {
        Process child = startChild();
        int port = awaitPort(child);
        byte[] audio = Recordings.brief().data();
        RealtimeClient client = RealtimeClient.builder().baseUrl("ws://127.0.0.1:" + port)
                .pingInterval(Duration.ofMillis(300)).build();
        try (Stream<ServerEvent> events = client.audio().realtime()
                .transcribeStream(endless(audio), ServerConfig.SEED_MODEL_ID, null, null)) {
            Iterator<ServerEvent> it = events.iterator();
            assertThat(it.next()).isInstanceOf(ServerEvent.SessionCreated.class);
            Thread.sleep(1_000); // Pings answered meanwhile: a live server is not given up.
            signal("STOP", child); // The process hangs; its sockets stay open.
            long stopped = System.nanoTime();
            assertThatThrownBy(() -> {
                while (it.hasNext()) {
                    it.next();
                }
            }).isInstanceOf(RealtimeException.class).hasMessageContaining("no answer from the server");
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(10));
        } finally {
            signal("CONT", child);
        }
    }

    private static void signal(String name, Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor())
                .isZero();
    }

    @Test
    void sessionsOverTheLimitGet429AndAWellBehavedSessionIsUnaffected() throws Exception {
        String reference = InProcess.transcript(SharedEngine.get(), AudioFormat.DEFAULT,
                TargetDelay.DEFAULT, Recordings.chunks(Recordings.brief().data(), 3200));
        try (EarshotServer server = TestServers.start(TestServers.builder().maxSessions(2).build())) {
            RealtimeRecorder idle = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            idle.expect(ServerEvent.SessionCreated.class);
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            client.expect(ServerEvent.SessionCreated.class);
            // The well-behaved session streams meanwhile but ends only after the refusals: ended
            // sooner, it would free its place and let a refused connection in.
            CompletableFuture<Void> streaming = CompletableFuture.runAsync(
                    () -> Recordings.chunks(Recordings.brief().data(), 3200)
                            .forEach(chunk -> client.send(new ClientEvent.InputAudioAppend(chunk))),
                    command -> Thread.ofVirtual().start(command));
            for (int i = 0; i < 5; i++) {
                RealtimeRecorder refused = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
                refused.expectError(429, "too many sessions: the server runs at most 2 at once");
                refused.expectClose(1013);
                refused.assertExhausted();
            }
            streaming.get(60, TimeUnit.SECONDS);
            assertThat(FaultToleranceTest.finish(client)).isEqualTo(reference);
            idle.socket().sendClose(1000, "done");
            idle.expectClose(1000);
        }
        CheckRecognizers.awaitOpen(0);
    }

    /** The recording over and over, paced at real time so that the session is mid-stream when killed. */
    private static Iterator<byte[]> endless(byte[] audio) {
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] chunk = Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 3200));
                at = at + 3200 >= audio.length ? 0 : at + 3200;
                return chunk;
            }
        };
    }

    /** A {@link ChildServer}, with the options of the JVMs tests start (the parent pom's {@code earshot.child.jvm.args}). */
    private Process startChild() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        Arrays.stream(System.getProperty("earshot.child.jvm.args", "").split("\\s+"))
                .filter(option -> !option.isEmpty()).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildServer.class.getName(), "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    /** Reads the child's output up to its {@code PORT} line; the rest is drained in the background. */
    private static int awaitPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("PORT ")) {
                        int n = Integer.parseInt(line.substring(5).trim());
                        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                        return n;
                    }
                }
                throw new IllegalStateException("child server exited without listening");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
        return port.get(30, TimeUnit.SECONDS);
    }
}
