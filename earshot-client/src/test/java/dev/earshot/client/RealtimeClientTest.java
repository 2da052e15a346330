package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.DoneSegment;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.protocol.SessionInfo;
import dev.earshot.protocol.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK against a scripted WebSocket server on loopback. */
class RealtimeClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final AudioFormatSpec S16_16K = new AudioFormatSpec("pcm_s16le", 16000);
    private static final SessionInfo SESSION = new SessionInfo("req-1", "voxtral-mini-transcribe-realtime-2602", S16_16K, null);
    private static final ServerEvent DONE = new ServerEvent.TranscriptionDone("m", "hello world",
            List.of(new DoneSegment("hello world", 0, 1, null, null)), new Usage(1, 2, 3, 1, null), "en");

    private TestWebSocketServer server;
    /** What the scripted server received, recorded for assertions after the run. */
    private final BlockingQueue<ClientEvent> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
            assertThat(server.failures).as("server script failures").isEmpty();
        }
    }

    private RealtimeClient client() {
        return client(WAIT);
    }

    /** A client that gives up soon, for the tests of its time limits. */
    private RealtimeClient client(Duration timeouts) {
        return RealtimeClient.builder().apiKey("secret-key").baseUrl(server.httpUrl())
                .sessionTimeout(timeouts).connectTimeout(timeouts).build();
    }

    /** Reads client messages until input_audio.end, recording them, answering a session.update. */
    private void readUntilEnd(TestWebSocketServer.Peer peer) throws Exception {
        for (ClientEvent event = peer.readEvent(WAIT); event != null; event = peer.readEvent(WAIT)) {
            received.add(event);
            if (event instanceof ClientEvent.SessionUpdate(SessionConfig config)) {
                peer.send(new ServerEvent.SessionUpdated(new SessionInfo("req-1", SESSION.model(),
                        config.audioFormat() != null ? config.audioFormat() : S16_16K, config.targetStreamingDelayMs())));
            }
            if (event instanceof ClientEvent.InputAudioEnd) {
                return;
            }
        }
    }

    @Test
    void transcribeStreamSendsAudioAndYieldsEveryEventType() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            readUntilEnd(peer);
            peer.send(new ServerEvent.LanguageDetected("en"));
            peer.sendFragmented("{\"type\":\"transcription.text.delta\",\"text\":\"hello world\"}", 3);
            peer.send(new ServerEvent.Segment("hello world", 0.0, 1.0, "s1"));
            peer.sendText("{\"type\":\"transcription.brand_new\",\"x\":1}");
            peer.sendText("not json");
            peer.send(DONE);
            assertThat(peer.readText(WAIT)).isNull();
            assertThat(peer.clientCloseCode).isEqualTo(1000);
        });
        List<byte[]> audio = List.of(new byte[] {1, 2}, new byte[] {3, 4, 5});

        List<ServerEvent> events;
        try (Stream<ServerEvent> stream = client().audio().realtime()
                .transcribeStream(audio, "voxtral-mini-transcribe-realtime-2602", S16_16K, 480)) {
            events = stream.toList();
        }

        assertThat(events).containsExactly(new ServerEvent.SessionCreated(SESSION),
                new ServerEvent.SessionUpdated(new SessionInfo("req-1", SESSION.model(), S16_16K, 480)),
                new ServerEvent.LanguageDetected("en"), new ServerEvent.TextDelta("hello world"),
                new ServerEvent.Segment("hello world", 0.0, 1.0, "s1"),
                new ServerEvent.UnknownEvent("transcription.brand_new", "{\"type\":\"transcription.brand_new\",\"x\":1}"),
                new ServerEvent.UnknownEvent(null, "not json"), DONE);
        assertThat(received).containsExactly(
                new ClientEvent.SessionUpdate(new SessionConfig(S16_16K, 480)),
                append(new byte[] {1, 2}), append(new byte[] {3, 4, 5}),
                new ClientEvent.InputAudioFlush(), new ClientEvent.InputAudioEnd());
        TestWebSocketServer.Request request = server.requests.poll();
        assertThat(request.target()).isEqualTo("/v1/audio/transcriptions/realtime?model=voxtral-mini-transcribe-realtime-2602");
        assertThat(request.headers()).containsEntry("authorization", "Bearer secret-key");
        assertThat(request.headers().get("user-agent")).startsWith("earshot-java-client/");
        awaitServerDone();
    }

    @Test
    void noSessionUpdateWithoutFormatOrDelay() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            readUntilEnd(peer);
            peer.send(DONE);
            peer.readText(WAIT);
        });
        try (Stream<ServerEvent> stream = client().audio().realtime().transcribeStream(
                List.of(new byte[] {9}), "m", null, null)) {
            assertThat(stream.toList()).containsExactly(new ServerEvent.SessionCreated(SESSION), DONE);
        }
        assertThat(received).containsExactly(append(new byte[] {9}), new ClientEvent.InputAudioFlush(),
                new ClientEvent.InputAudioEnd());
        awaitServerDone();
    }

    @Test
    void delayAloneIsSentAsSessionUpdate() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            received.add(peer.readEvent(WAIT));
            peer.readText(WAIT);
        });
        client().audio().realtime().connect("m", null, 2400).close();
        assertThat(received.poll(5, TimeUnit.SECONDS))
                .isEqualTo(new ClientEvent.SessionUpdate(new SessionConfig(null, 2400)));
        awaitServerDone();
    }

    @Test
    void chunkLargerThanTheLimitIsSplitInTwo() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            readUntilEnd(peer);
            peer.send(DONE);
            peer.readText(WAIT);
        });
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        try (Stream<ServerEvent> stream = client().audio().realtime().transcribeStream(List.of(big), "m", null, null)) {
            assertThat(stream.toList()).endsWith(DONE);
        }
        List<ClientEvent> appends = received.stream().filter(e -> e instanceof ClientEvent.InputAudioAppend).toList();
        assertThat(appends).hasSize(2);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ClientEvent e : appends) {
            joined.write(Base64.getDecoder().decode(((ClientEvent.InputAudioAppend) e).audio()));
        }
        assertThat(Base64.getDecoder().decode(((ClientEvent.InputAudioAppend) appends.get(0)).audio())).hasSize(262_144);
        assertThat(joined.toByteArray()).isEqualTo(big);
        awaitServerDone();
    }

    @Test
    void eventsBeforeSessionCreatedAreReplayed() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.LanguageDetected("fr"));
            peer.sendText("{\"type\":\"early.bird\"}");
            peer.send(new ServerEvent.SessionCreated(SESSION));
            peer.readText(WAIT);
        });
        try (RealtimeConnection connection = client().audio().realtime().connect("m", null, null)) {
            assertThat(connection.session()).isEqualTo(SESSION);
            assertThat(connection.nextEvent(WAIT)).isEqualTo(new ServerEvent.LanguageDetected("fr"));
            assertThat(connection.nextEvent(WAIT)).isEqualTo(new ServerEvent.UnknownEvent("early.bird", "{\"type\":\"early.bird\"}"));
            assertThat(connection.nextEvent(WAIT)).isEqualTo(new ServerEvent.SessionCreated(SESSION));
            assertThat(connection.nextEvent(Duration.ofMillis(50))).isNull();
        }
        awaitServerDone();
    }

    @Test
    void serverThatAnswersPingsIsKeptThroughSilence() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            assertThat(peer.readText(WAIT)).isNull(); // Answers every ping until the client closes.
        });
        RealtimeClient client = RealtimeClient.builder().baseUrl(server.httpUrl())
                .pingInterval(Duration.ofMillis(100)).build();
        try (RealtimeConnection connection = client.audio().realtime().connect("m", null, null)) {
            assertThat(connection.nextEvent(WAIT)).isEqualTo(new ServerEvent.SessionCreated(SESSION));
            assertThat(connection.nextEvent(Duration.ofMillis(1000))).isNull();
        }
        awaitServerDone();
    }

    @Test
    void serverThatAnswersNothingFailsTheConnectionAfterThreePings() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            sleep(2000); // Reads nothing, so no ping is answered.
        });
        RealtimeClient client = RealtimeClient.builder().baseUrl(server.httpUrl())
                .pingInterval(Duration.ofMillis(100)).build();
        try (RealtimeConnection connection = client.audio().realtime().connect("m", null, null)) {
            assertThat(connection.nextEvent(WAIT)).isEqualTo(new ServerEvent.SessionCreated(SESSION));
            long start = System.nanoTime();
            assertThatThrownBy(() -> connection.nextEvent(WAIT)).isInstanceOf(RealtimeException.class)
                    .hasMessageContaining("no answer from the server for");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void closingTheClientDropsItsConnectionsAndRefusesNewOnes() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            try {
                peer.readText(WAIT);
            } catch (IOException dropped) {
                // The client went away without a close frame, as it should here.
            }
        });
        RealtimeClient client = client();
        try (RealtimeConnection connection = client.audio().realtime().connect("m", null, null)) {
            assertThat(connection.nextEvent(WAIT)).isEqualTo(new ServerEvent.SessionCreated(SESSION));
            long start = System.nanoTime();
            client.close();
            assertThatThrownBy(() -> connection.nextEvent(WAIT)).isInstanceOf(RealtimeException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        assertThatThrownBy(() -> client.audio().realtime().connect("m", null, null))
                .isInstanceOf(IllegalStateException.class).hasMessage("the client is closed");
        client.close();
        awaitServerDone();
    }

    @Test
    void negativePingIntervalIsRefused() {
        assertThatThrownBy(() -> RealtimeClient.builder().pingInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ping interval");
    }

    @Test
    void errorBeforeSessionCreatedFailsConnectWithItsMessageAndCode() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(ServerEvent.ErrorEvent.of(ErrorCode.NOT_FOUND, "unknown model 'nope': expected one of voxtral"));
            peer.close(1008, "unknown model");
        });
        assertThatThrownBy(() -> client().audio().realtime().connect("nope", null, null))
                .isInstanceOfSatisfying(RealtimeException.class, e -> {
                    assertThat(e).hasMessage("server error 404: unknown model 'nope': expected one of voxtral");
                    assertThat(e.errorCode()).isEqualTo(404);
                });
        awaitServerDone();
    }

    @Test
    void refusedHandshakeFailsWithHttpStatus() throws Exception {
        server = TestWebSocketServer.refusing(401);
        assertThatThrownBy(() -> client().audio().realtime().connect("m", null, null))
                .isInstanceOfSatisfying(RealtimeException.class, e -> {
                    assertThat(e).hasMessageContaining("refused: HTTP 401");
                    assertThat(e.errorCode()).isEqualTo(401);
                });
    }

    @Test
    void handshakeThatNeverAnswersTimesOut() throws Exception {
        server = TestWebSocketServer.refusing(-1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofMillis(500)).audio().realtime().connect("m", null, null))
                .isInstanceOf(RealtimeException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
    }

    @Test
    void missingSessionCreatedTimesOut() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            // The client gives up by dropping the socket, so the read ends with EOF.
            assertThatThrownBy(() -> peer.readText(WAIT)).isInstanceOf(java.io.IOException.class);
        });
        assertThatThrownBy(() -> client(Duration.ofMillis(500)).audio().realtime().connect("m", null, null))
                .isInstanceOf(RealtimeException.class).hasMessageEndingWith("within PT0.5S");
        awaitServerDone();
    }

    @Test
    void serverClosingMidStreamIsAnException() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            peer.readEvent(WAIT);
            peer.close(1011, "engine crashed");
        });
        try (Stream<ServerEvent> stream = client().audio().realtime()
                .transcribeStream(endlessAudio(), "m", null, null)) {
            assertThatThrownBy(stream::toList).isInstanceOfSatisfying(RealtimeException.class, e -> {
                assertThat(e).hasMessage("connection closed by the server with code 1011 'engine crashed' "
                        + "before transcription.done");
                assertThat(e.closeCode()).isEqualTo(1011);
            });
        }
        awaitServerDone();
    }

    @Test
    void droppedConnectionIsAnException() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            peer.readEvent(WAIT);
            peer.abort();
        });
        try (Stream<ServerEvent> stream = client().audio().realtime()
                .transcribeStream(endlessAudio(), "m", null, null)) {
            assertThatThrownBy(stream::toList).isInstanceOf(RealtimeException.class);
        }
        awaitServerDone();
    }

    @Test
    void errorEventEndsTheStream() throws Exception {
        ServerEvent error = ServerEvent.ErrorEvent.of(ErrorCode.ENGINE_FAILURE, "engine failed");
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            peer.readEvent(WAIT);
            peer.send(error);
            peer.close(1011, "engine failed");
        });
        try (Stream<ServerEvent> stream = client().audio().realtime()
                .transcribeStream(endlessAudio(), "m", null, null)) {
            assertThat(stream.toList()).containsExactly(new ServerEvent.SessionCreated(SESSION), error);
        }
        awaitServerDone();
    }

    private void startEchoingServer() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            readUntilEnd(peer);
            peer.send(DONE);
            peer.readText(WAIT);
        });
    }

    private List<ClientEvent> receivedAppends() {
        return received.stream().filter(e -> e instanceof ClientEvent.InputAudioAppend).toList();
    }

    @Test
    void inputStreamForm() throws Exception {
        startEchoingServer();
        try (Stream<ServerEvent> stream = client().audio().realtime()
                .transcribeStream(new ByteArrayInputStream(new byte[] {7, 7}), "m", null, null)) {
            assertThat(stream.toList()).endsWith(DONE);
        }
        assertThat(receivedAppends()).containsExactly(append(new byte[] {7, 7}));
        awaitServerDone();
    }

    @Test
    void publisherForm() throws Exception {
        startEchoingServer();
        try (SubmissionPublisher<byte[]> publisher = new SubmissionPublisher<>()) {
            Thread.ofVirtual().start(() -> {
                awaitSubscriber(publisher);
                publisher.submit(new byte[] {8});
                publisher.close();
            });
            try (Stream<ServerEvent> stream = client().audio().realtime().transcribeStream(publisher, "m", null, null)) {
                assertThat(stream.toList()).endsWith(DONE);
            }
        }
        assertThat(receivedAppends()).containsExactly(append(new byte[] {8}));
        awaitServerDone();
    }

    @Test
    void asyncForm() throws Exception {
        startEchoingServer();
        List<ServerEvent> seen = new ArrayList<>();
        SubmissionPublisher<byte[]> publisher = new SubmissionPublisher<>();
        var future = client().audio().realtime().transcribeAsync(publisher, "m", null, null, seen::add);
        awaitSubscriber(publisher);
        publisher.submit(new byte[] {6});
        publisher.close();
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(DONE);
        assertThat(seen).containsExactly(new ServerEvent.SessionCreated(SESSION), DONE);
        assertThat(receivedAppends()).containsExactly(append(new byte[] {6}));
        awaitServerDone();
    }

    @Test
    void failingAudioSourceFailsTheStream() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            peer.send(new ServerEvent.SessionCreated(SESSION));
            peer.readText(WAIT);
        });
        java.util.Iterator<byte[]> broken = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                throw new IllegalStateException("microphone unplugged");
            }
        };
        try (Stream<ServerEvent> stream = client().audio().realtime().transcribeStream(broken, "m", null, null)) {
            assertThatThrownBy(stream::toList).isInstanceOf(RealtimeException.class)
                    .hasMessageContaining("audio source failed").hasMessageContaining("microphone unplugged");
        }
        awaitServerDone();
    }

    /** Audio that never ends, slowly, as a microphone: the server decides when it stops. */
    private static java.util.Iterator<byte[]> endlessAudio() {
        return Stream.generate(() -> {
            sleep(10);
            return new byte[320];
        }).iterator();
    }

    /** A SubmissionPublisher drops items submitted before anyone subscribed; the SDK
     *  subscribes only once connected. */
    private static void awaitSubscriber(SubmissionPublisher<byte[]> publisher) {
        for (int i = 0; i < 500 && publisher.getNumberOfSubscribers() == 0; i++) {
            sleep(10);
        }
    }

    private static ClientEvent append(byte[] audio) {
        return new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(audio));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the server script finish so that its assertions are reported by {@link #stopServer()}. */
    private static void awaitServerDone() {
        sleep(100);
    }
}
