package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.DoneSegment;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionInfo;
import dev.earshot.protocol.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resume against a scripted server, where each connection plays a part: a draining server (error
 * 503 before {@code session.created}), a session whose connection drops mid-stream, and the session
 * that resumes it and restates what the lost one had said.
 */
class ResumeScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final AudioFormatSpec S16_16K = new AudioFormatSpec("pcm_s16le", 16000);
    /** Four chunks of 100 ms. */
    private static final List<byte[]> AUDIO = List.of(new byte[3200], new byte[3200], new byte[3200], new byte[3200]);

    private TestWebSocketServer server;
    private final AtomicInteger connections = new AtomicInteger();
    /** Audio bytes each connection received, by connection number. */
    private final List<Integer> audioBytes = new CopyOnWriteArrayList<>(List.of(0, 0, 0, 0));

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        assertThat(server.failures).as("server script failures").isEmpty();
    }

    @Test
    void aDroppedConnectionResumesAsOneStreamAfterADrainingServer() throws Exception {
        server = TestWebSocketServer.start(peer -> {
            int n = connections.incrementAndGet();
            switch (n) {
                case 1 -> { // draining: the start of a resuming stream is retried on 503
                    peer.send(ServerEvent.ErrorEvent.of(ErrorCode.SHUTTING_DOWN, "server shutting down"));
                    peer.close(1001, "going away");
                }
                case 2 -> { // says a segment and a word of the next, then the connection drops
                    peer.send(new ServerEvent.SessionCreated(session(n)));
                    readAudio(peer, n, 2);
                    peer.send(new ServerEvent.TextDelta("hello"));
                    peer.send(new ServerEvent.Segment("hello", 0, 0.1, null));
                    peer.send(new ServerEvent.TextDelta(" big"));
                    peer.abort();
                }
                default -> { // hears the stream again from its start
                    peer.send(new ServerEvent.SessionCreated(session(n)));
                    readAudio(peer, n, Integer.MAX_VALUE);
                    peer.send(new ServerEvent.TextDelta("hello"));
                    peer.send(new ServerEvent.Segment("hello", 0, 0.1, null));
                    peer.send(new ServerEvent.TextDelta(" big world"));
                    peer.send(new ServerEvent.Segment("big world", 0.15, 0.35, null));
                    peer.send(new ServerEvent.TranscriptionDone("m", "hello big world",
                            List.of(new DoneSegment("hello", 0, 0.1, null, null),
                                    new DoneSegment("big world", 0.15, 0.35, null, null)),
                            new Usage(null, null, null, 1, null), "en"));
                    peer.close(1000, "");
                }
            }
        });
        List<Resumption> resumes = new CopyOnWriteArrayList<>();
        // The JDK's WebSocket sometimes loses the end of a connection dropped right after its last
        // frames, and then only the pings end it, after three silent intervals: a short interval
        // keeps that wait short (docs/benchmarks.md, "Resuming a stream: the gap").
        RealtimeClient client = RealtimeClient.builder().baseUrl(server.httpUrl()).resume(Duration.ofSeconds(60))
                .pingInterval(Duration.ofSeconds(1)).onResume(resumes::add).build();
        List<ServerEvent> events;
        try (client; Stream<ServerEvent> stream = client.audio().realtime()
                .transcribeStream(AUDIO, "m", null, null)) {
            events = stream.toList();
        }
        List<String> types = events.stream().map(ServerEvent::type).toList();
        // The abort resets the connection: " big", written just before it, may be lost in flight (the
        // reset discards unread bytes), and then the resumed session delivers "big world" whole.
        boolean bigArrived = types.stream().filter("transcription.text.delta"::equals).count() == 3;
        List<String> middle = bigArrived
                ? List.of("transcription.text.delta", "transcription.text.delta")
                : List.of("transcription.text.delta");
        List<String> expectedTypes = new ArrayList<>(List.of("session.created", "transcription.text.delta",
                "transcription.segment"));
        expectedTypes.addAll(middle);
        expectedTypes.addAll(List.of("transcription.segment", "transcription.done"));
        assertThat(types).containsExactlyElementsOf(expectedTypes);
        StringBuilder deltas = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        for (ServerEvent e : events) {
            if (e instanceof ServerEvent.TextDelta(String text)) {
                deltas.append(text);
                pieces.add(text);
            }
        }
        assertThat(pieces).containsExactlyElementsOf(bigArrived
                ? List.of("hello", " big", " world") : List.of("hello", " big world"));
        ServerEvent.TranscriptionDone done = (ServerEvent.TranscriptionDone) events.getLast();
        assertThat(done.text()).isEqualTo(deltas.toString()).isEqualTo("hello big world");
        assertThat(done.segments()).extracting(DoneSegment::text).containsExactly("hello", "big world");
        assertThat(resumes).singleElement().satisfies(r -> {
            assertThat(r.previousRequestId()).isEqualTo("req-2");
            assertThat(r.requestId()).isEqualTo("req-3");
            assertThat(r.fromSeconds()).isZero();
            assertThat(r.attempts()).isEqualTo(1);
        });
        assertThat(audioBytes.get(3)).as("the resumed session heard the whole stream").isEqualTo(4 * 3200);
    }

    private static SessionInfo session(int n) {
        return new SessionInfo("req-" + n, "m", S16_16K, null);
    }

    /** Reads appends until {@code chunks} of them or input_audio.end came, counting their bytes. */
    private void readAudio(TestWebSocketServer.Peer peer, int connection, int chunks) throws Exception {
        int seen = 0;
        for (ClientEvent e = peer.readEvent(WAIT); e != null && seen < chunks; e = peer.readEvent(WAIT)) {
            if (e instanceof ClientEvent.InputAudioAppend(String audio)) {
                audioBytes.set(connection, audioBytes.get(connection) + Base64.getDecoder().decode(audio).length);
                seen++;
            }
            if (e instanceof ClientEvent.InputAudioEnd) {
                return;
            }
        }
    }
}
