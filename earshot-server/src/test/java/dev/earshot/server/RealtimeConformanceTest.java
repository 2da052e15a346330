package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.earshot.audio.WavAudio;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.protocol.ProtocolException;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionConfig;
import dev.earshot.protocol.SessionInfo;

/** Every message type and every documented error, over a real socket. */
class RealtimeConformanceTest extends RealServerTest {

    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private SessionInfo open() {
        return open(ServerConfig.SEED_MODEL_ID);
    }

    private static String decodeError(String json) {
        assertThatThrownBy(() -> CODEC.readClientEvent(json)).isInstanceOf(ProtocolException.class);
        try {
            CODEC.readClientEvent(json);
            throw new AssertionError("unreachable");
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    @Test
    void seedFlowTranscribesAndCloses() {
        SessionInfo created = open();
        assertThat(created.requestId()).startsWith("req_");
        assertThat(created.model()).isEqualTo(ServerConfig.SEED_MODEL_ID);
        assertThat(created.audioFormat()).isEqualTo(new AudioFormatSpec("pcm_s16le", 16000));
        assertThat(created.targetStreamingDelayMs()).isEqualTo(480);

        client.send(new ClientEvent.SessionUpdate(new SessionConfig(new AudioFormatSpec("pcm_s16le", 16000), 240)));
        SessionInfo updated = client.expect(ServerEvent.SessionUpdated.class).session();
        assertThat(updated).isEqualTo(new SessionInfo(created.requestId(), created.model(),
                new AudioFormatSpec("pcm_s16le", 16000), 240));

        WavAudio audio = Recordings.librivox("0880");
        Recordings.chunks(audio.data(), 15_360).forEach(c -> client.send(new ClientEvent.InputAudioAppend(c)));
        client.send(new ClientEvent.InputAudioFlush());
        client.send(new ClientEvent.InputAudioEnd());
        List<ServerEvent> seen = new ArrayList<>();
        ServerEvent.TranscriptionDone done = client.expectTranscription(seen);
        client.expectClose(1000);

        assertThat(done.text()).isNotBlank();
        assertThat(done.model()).isEqualTo(ServerConfig.SEED_MODEL_ID);
        assertThat(done.language()).isEqualTo("en");
        // 0880 is 2.99 s long: billed, as the SDKs parse it, as a whole 3.
        assertThat(audio.seconds()).isBetween(2.9, 2.999);
        assertThat(done.usage().promptAudioSeconds()).isEqualTo(3);
        assertThat(done.segments()).isNotEmpty();
        assertThat(seen).filteredOn(e -> e instanceof ServerEvent.LanguageDetected).hasSize(1)
                .first().isEqualTo(new ServerEvent.LanguageDetected("en"));
        assertThat(seen).filteredOn(e -> e instanceof ServerEvent.Segment).hasSameSizeAs(done.segments());
    }

    @Test
    void malformedJsonIsAnErrorAndTheSessionGoesOn() {
        open();
        client.sendText("{\"type\": \"input_audio.flush\"");
        client.expectError(400, decodeError("{\"type\": \"input_audio.flush\""));
        endEmpty();
    }

    @Test
    void missingAndUnknownTypesAreErrors() {
        open();
        client.sendText("{\"audio\": \"\"}");
        client.expectError(400, decodeError("{\"audio\": \"\"}"));
        client.sendText("{\"type\": \"input_audio.commit\"}");
        client.expectError(400, decodeError("{\"type\": \"input_audio.commit\"}"));
        client.sendText("{\"type\": 7}");
        client.expectError(400, decodeError("{\"type\": 7}"));
        endEmpty();
    }

    @Test
    void badBase64IsAnError() {
        open();
        ClientEvent.InputAudioAppend bad = new ClientEvent.InputAudioAppend("AA*A");
        client.send(bad);
        assertThat(client.expectError(400).messageText()).isEqualTo(
                "invalid base64 in 'audio': character '*' at index 2 (expected the standard alphabet A-Z a-z 0-9 + /)");
        endEmpty();
    }

    @Test
    void trailingOddBytesAreReportedAtTheEnd() {
        open();
        client.send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(new byte[3])));
        client.send(new ClientEvent.InputAudioEnd());
        client.expectError(400, "dropped 1 trailing byte(s) at input_audio.end: pcm_s16le takes 2 bytes per sample");
        assertThat(client.expectTranscription().usage().promptAudioSeconds()).isGreaterThan(0);
        client.expectClose(1000);
    }

    @Test
    void oversizedChunkIs413AndTheSessionGoesOn() {
        open();
        client.send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(new byte[262_146])));
        client.expectError(413, "audio chunk of 262146 bytes exceeds the limit of 262144 bytes");
        endEmpty();
    }

    @Test
    void oversizedFrameIsClosedWith1009() {
        open();
        client.sendText("{\"type\":\"input_audio.append\",\"audio\":\"" + "A".repeat(400_000) + "\"}");
        client.expectClose(1009);
    }

    @Test
    void invalidSessionValuesAreErrorsEachAndChangeNothing() {
        SessionInfo created = open();
        client.send(new ClientEvent.SessionUpdate(new SessionConfig(new AudioFormatSpec("pcm_u8", 1000), 20_000)));
        client.expectError(400, "unknown audio encoding 'pcm_u8': expected one of "
                + "pcm_s16le, pcm_s32le, pcm_f16le, pcm_f32le, pcm_mulaw, pcm_alaw");
        client.expectError(400, "sample rate 1000 Hz out of range: expected 8000 to 48000");
        client.expectError(400, "target_streaming_delay_ms 20000 out of range: expected 0 to 10000");
        client.send(new ClientEvent.SessionUpdate(new SessionConfig(null, null)));
        assertThat(client.expect(ServerEvent.SessionUpdated.class).session()).isEqualTo(created);
        endEmpty();
    }

    @Test
    void updateAfterAudioIs409() {
        open();
        client.send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(new byte[3200])));
        client.send(new ClientEvent.SessionUpdate(new SessionConfig(null, 100)));
        client.expectError(409, "Session fields cannot be changed after audio has started.");
        client.send(new ClientEvent.InputAudioEnd());
        client.expectTranscription();
        client.expectClose(1000);
    }

    @Test
    void audioAfterEndIsAnErrorAndNothingElse() {
        open();
        WavAudio audio = Recordings.librivox("0930");
        client.send(new ClientEvent.InputAudioAppend(Recordings.chunks(audio.data(), 200_000).getFirst()));
        client.send(new ClientEvent.InputAudioEnd());
        client.send(new ClientEvent.InputAudioAppend("AAAA"));
        client.expectTranscription();
        client.expectError(400, "message after input_audio.end: the session takes no more messages");
        client.expectClose(1000);
    }

    @Test
    void manySmallAppendsAreNeitherDroppedNorReordered() {
        open();
        // Five times the session's queue: the socket must hold back, not drop.
        byte[] tenMillis = new byte[320];
        String chunk = Base64.getEncoder().encodeToString(tenMillis);
        for (int i = 0; i < 320; i++) {
            client.send(new ClientEvent.InputAudioAppend(chunk));
        }
        client.send(new ClientEvent.InputAudioEnd());
        // 3.2 s rounds up to 4 whole seconds.
        assertThat(client.expectTranscription().usage().promptAudioSeconds()).isEqualTo(4);
        client.expectClose(1000);
    }

    @Test
    void binaryFrameIsAnError() {
        open();
        client.sendBinary(new byte[] {1, 2, 3, 4});
        client.expectError(400, "binary frames are not supported: send audio as base64 in input_audio.append");
        endEmpty();
    }

    @Test
    void unknownModelIs404NamingTheModels() {
        client = RealtimeRecorder.connect(TestServers.realtime(server, "model=whisper-large"), TestServers.AUTH);
        client.expectError(404, "unknown model 'whisper-large': expected one of [pocketsphinx-en-us, "
                + ServerConfig.SEED_MODEL_ID + ", voxtral-mini-transcribe-realtime-3, "
                + "voxtral-mini-transcribe-realtime-3-0, voxtral-mini-transcribe-realtime-latest]");
        client.expectClose(1008);
    }

    @Test
    void wrongOrMissingKeyIs401() {
        client = RealtimeRecorder.connect(TestServers.realtime(server), List.of("Authorization", "Bearer nope"));
        client.expectError(401, "invalid API key or client secret");
        client.expectClose(1008);
        client.assertExhausted();
        client = RealtimeRecorder.connect(TestServers.realtime(server), List.of());
        client.expectError(401, "missing credentials: expected 'Authorization: Bearer <api key>' or a client secret");
        client.expectClose(1008);
    }

    /** A client that opens its next session on receiving done must find the decoder free again. */
    @Test
    void recognizerIsReturnedBeforeDone() throws InterruptedException {
        CheckRecognizers.awaitOpen(0);
        open();
        WavAudio audio = Recordings.librivox("0880");
        Recordings.chunks(audio.data(), 3_200).forEach(c -> client.send(new ClientEvent.InputAudioAppend(c)));
        client.send(new ClientEvent.InputAudioEnd());
        assertThat(client.expectTranscription().text()).isNotBlank();
        assertThat(SharedEngine.get().openRecognizers()).as("open recognizers when done arrives").isZero();
        client.expectClose(1000);
    }

    @Test
    void vanishedClientReleasesItsRecognizer() throws InterruptedException {
        open();
        WavAudio audio = Recordings.librivox("0890");
        Recordings.chunks(audio.data(), 32_000).stream().limit(3)
                .forEach(c -> client.send(new ClientEvent.InputAudioAppend(c)));
        CheckRecognizers.awaitOpen(1);
        client.socket().abort();
        CheckRecognizers.awaitOpen(0);
        client = null;
    }
}
