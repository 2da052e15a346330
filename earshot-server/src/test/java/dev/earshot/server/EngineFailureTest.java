package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.earshot.engine.AudioRequirement;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.EngineInfo;
import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;

/**
 * An engine that fails: the one thing the real engine cannot do on demand, so this test
 * stands in a broken engine for it (the only stand-in in these tests).
 */
class EngineFailureTest {

    /** Opens recognizers that fail on their first audio, and counts them like a real engine. */
    static final class BrokenEngine implements SpeechEngine {
        final AtomicInteger open = new AtomicInteger();

        @Override
        public String id() {
            return ServerConfig.DEFAULT_ENGINE;
        }

        @Override
        public EngineInfo info() {
            return new EngineInfo("broken", List.of("en"), false, false, true, false, AudioRequirement.PCM16_16KHZ);
        }

        @Override
        public Recognizer newRecognizer(StreamOptions options) {
            open.incrementAndGet();
            return new Recognizer() {
                private boolean closed;

                @Override
                public List<Hypothesis> accept(Samples audio) {
                    throw new EngineException("ps_process_raw returned -1");
                }

                @Override
                public List<Hypothesis> endUtterance() {
                    return List.of();
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                }
            };
        }

        @Override
        public int openRecognizers() {
            return open.get();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void engineFailureIs500AndClose1011AndReleasesTheRecognizer() {
        BrokenEngine engine = new BrokenEngine();
        try (EarshotServer server = new EarshotServer(TestServers.config(), List.of(engine))) {
            server.start();
            RealtimeRecorder client = RealtimeRecorder.connect(TestServers.realtime(server), TestServers.AUTH);
            client.expect(ServerEvent.SessionCreated.class);
            client.send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(new byte[3200])));
            client.expectError(500, "engine failure: ps_process_raw returned -1");
            client.expectClose(1011);
            client.assertExhausted();
            server.shutdown(Duration.ofSeconds(1));
        }
        assertThat(engine.openRecognizers()).isZero();
    }
}
