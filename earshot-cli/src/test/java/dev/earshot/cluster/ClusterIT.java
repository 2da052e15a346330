package dev.earshot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.cli.EarshotProcess;
import dev.earshot.client.RealtimeClient;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.Transcript;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped deployment under faults: deploy/local-cluster.sh brings up three {@code earshot serve}
 * nodes from the built jar and HAProxy with deploy/haproxy.cfg. Twelve sessions of real recordings
 * go through the balancer at once, at real time, with the SDK's resume on. Mid-run one node is
 * drained (SIGTERM) and another killed (SIGKILL). The drained node's sessions end untouched and the
 * node exits; the killed node's sessions resume on the third node; every transcript is the one an
 * uninterrupted session gives; and the nodes' {@code /metrics} add up to the sessions opened.
 */
// Generous: on a loaded machine every step is many times slower.
@ExtendWith(ThreadDumpOnTimeout.class)
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class ClusterIT {

    private static final Path ROOT = Path.of(System.getProperty("earshot.root", ".."));
    private static final Path DIR = Path.of("target", "cluster");
    /** 5.4 to 8.3 s each, three sessions apiece: 12 streams at real time keep two cores busy. */
    private static final List<String> RECORDINGS = List.of("s2t_1089-134691-0001", "triton_1089-134686-0001",
            "sphinx4_10001-90210-01803", "speechbrain_LJ050-0131");
    private static final int SESSIONS = 12;
    /** Real time: 100 ms of audio every 100 ms, so the faults land mid-session. */
    private static final long PACE = 100;

    private Process cluster;

    /** One session's outcome: what the caller read, and the segments it had when it resumed (-1: never). */
    private record Outcome(String recording, RecordedStream stream, int segmentsAtResume, int resumes) { }

    @AfterEach
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.destroy(); // the script drains the nodes that are left and stops HAProxy
            if (!cluster.waitFor(60, TimeUnit.SECONDS)) {
                cluster.descendants().forEach(ProcessHandle::destroyForcibly);
                cluster.destroyForcibly();
            }
        }
    }

    @Test
    void twelveSessionsThroughHaproxySurviveADrainedAndAKilledNode() throws Exception {
        Files.createDirectories(DIR);
        Files.deleteIfExists(DIR.resolve("cluster.env"));
        ProcessBuilder script = new ProcessBuilder(ROOT.resolve("deploy/local-cluster.sh").toString())
                .redirectErrorStream(true).redirectOutput(DIR.resolve("script.log").toFile());
        script.environment().put("CLUSTER_DIR", DIR.toAbsolutePath().toString());
        script.environment().put("EARSHOT_JAR", System.getProperty("earshot.jar", "target/earshot.jar"));
        // Time enough for the drained node's sessions even on a loaded machine: they must end, not be cut.
        script.environment().put("NODE_GRACE", "120");
        // The nodes' JVMs run as every test's child JVM does (EarshotProcess).
        script.environment().put("JDK_JAVA_OPTIONS", String.join(" ", EarshotProcess.JVM_OPTIONS));
        cluster = script.start();

        Map<String, Transcript> references = references();
        Properties env = awaitClusterEnv(Duration.ofSeconds(120));
        int balancer = Integer.parseInt(env.getProperty("BALANCER_PORT"));
        List<NodeView> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            nodes.add(new NodeView(Integer.parseInt(env.getProperty("NODE" + n + "_PORT")),
                    ProcessHandle.of(Long.parseLong(env.getProperty("NODE" + n + "_PID"))).orElseThrow()));
        }

        CountDownLatch started = new CountDownLatch(SESSIONS);
        List<CompletableFuture<Outcome>> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String recording = RECORDINGS.get(i % RECORDINGS.size());
            sessions.add(CompletableFuture.supplyAsync(() -> session(balancer, recording, started),
                    command -> Thread.ofVirtual().start(command)));
        }
        assertThat(started.await(60, TimeUnit.SECONDS)).as("all sessions opened").isTrue();
        double[] before = new double[3];
        for (int n = 0; n < 3; n++) {
            before[n] = nodes.get(n).sessionsTotal();
        }
        assertThat(before[0] + before[1] + before[2]).as("sessions opened, by the nodes' /metrics").isEqualTo(SESSIONS);
        assertThat(before).as("least connections spreads them").doesNotContain(0.0);

        Thread.sleep(2000);
        NodeView drained = nodes.get(0);
        NodeView killed = nodes.get(1);
        NodeView survivor = nodes.get(2);
        drained.process.destroy(); // SIGTERM: the drain
        Thread.sleep(1000);
        killed.process.destroyForcibly(); // SIGKILL
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> s : sessions) {
            outcomes.add(s.get(300, TimeUnit.SECONDS));
        }

        int resumed = 0;
        for (Outcome o : outcomes) {
            Transcript reference = references.get(o.recording());
            assertThat(o.stream().done.text()).isEqualTo(o.stream().text());
            if (o.resumes() == 0) {
                assertThat(o.stream().text()).as(o.recording()).isEqualTo(reference.text());
            } else {
                resumed++;
                ResumedTranscript.assertMatches(reference, o.segmentsAtResume(), o.stream().text());
            }
        }
        assertThat(resumed).as("the killed node's sessions resumed, and only those").isEqualTo((int) before[1]);
        assertThat(survivor.sessionsTotal()).as("the resumed sessions all went to the live node")
                .isEqualTo(before[2] + resumed);
        assertThat(drained.process.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        System.out.printf("cluster: %d sessions (%s per node), %d resumed after SIGKILL; %s%n", SESSIONS,
                List.of((int) before[0], (int) before[1], (int) before[2]), resumed,
                "longest gap between deltas, by session (ms): "
                        + outcomes.stream().map(o -> o.stream().longestGapMillis()).toList());
    }

    private static Map<String, Transcript> references() {
        Map<String, Transcript> out = new HashMap<>();
        try (ModelRegistry models = ModelRegistry.open(ModelConfig.defaults())) {
            SpeechEngine engine = models.require(ModelConfig.DEFAULT_MODEL.id());
            for (String name : RECORDINGS) {
                out.put(name, ResumedTranscript.reference(engine, ResumedTranscript.recording(name)));
            }
        }
        return out;
    }

    private static Outcome session(int balancer, String recording, CountDownLatch started) {
        AtomicInteger resumes = new AtomicInteger();
        int[] segmentsAtResume = {-1};
        RecordedStream[] sofar = new RecordedStream[1];
        RealtimeClient client = RealtimeClient.builder().baseUrl("ws://127.0.0.1:" + balancer)
                // No pings: a server starved of CPU on a loaded machine can stay silent past three
                // intervals, and a resume it caused would be counted as one of the faults'.
                .pingInterval(Duration.ZERO).resume(Duration.ofSeconds(60)).onResume(r -> {
                    if (resumes.getAndIncrement() == 0) {
                        segmentsAtResume[0] = sofar[0].segments.size();
                    }
                }).build();
        try (client) {
            RecordedStream stream = RecordedStream.run(client, ResumedTranscript.recording(recording), PACE,
                    (event, record) -> {
                        sofar[0] = record;
                        if (event instanceof ServerEvent.SessionCreated) {
                            started.countDown();
                        }
                    });
            return new Outcome(recording, stream, segmentsAtResume[0], resumes.get());
        }
    }

    private Properties awaitClusterEnv(Duration timeout) throws IOException, InterruptedException {
        Path file = DIR.resolve("cluster.env");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (!cluster.isAlive()) {
                throw new AssertionError("deploy/local-cluster.sh exited with " + cluster.exitValue() + ":\n"
                        + Files.readString(DIR.resolve("script.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cluster not up within " + timeout + "; see " + DIR);
            }
            Thread.sleep(100);
        }
        Properties env = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            env.load(in);
        }
        return env;
    }

    /** A node of the cluster as the test sees it: its port and process. */
    private record NodeView(int port, ProcessHandle process) {

        double sessionsTotal() throws IOException, InterruptedException {
            return Node.metric(port, "earshot_sessions_total");
        }
    }
}
