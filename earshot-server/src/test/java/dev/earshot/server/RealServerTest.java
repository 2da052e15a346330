package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionInfo;

/**
 * One real server per test class, on loopback port 0 with {@link TestServers#config()}, and at
 * most one realtime client per test, which must have nothing left unread when the test ends.
 */
abstract class RealServerTest {

    static EarshotServer server;
    RealtimeRecorder client;

    @BeforeAll
    static void startServer() {
        server = TestServers.start(TestServers.config());
    }

    @AfterAll
    static void stopServer() {
        server.shutdown(Duration.ofSeconds(5));
    }

    @AfterEach
    void exhausted() {
        if (client != null) {
            client.assertExhausted();
        }
    }

    /** Connects {@link #client} with the test key for {@code model}; returns session.created's session. */
    SessionInfo open(String model) {
        client = RealtimeRecorder.connect(TestServers.realtime(server, "model=" + model), TestServers.AUTH);
        return client.expect(ServerEvent.SessionCreated.class).session();
    }

    /** Ends a session that has no audio: an empty transcript and a normal close. */
    void endEmpty() {
        client.send(new ClientEvent.InputAudioEnd());
        assertThat(client.expectTranscription().text()).isEmpty();
        client.expectClose(1000);
    }
}
