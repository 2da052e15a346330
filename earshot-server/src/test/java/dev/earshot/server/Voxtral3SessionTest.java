package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.earshot.protocol.ClientEvent;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.SessionInfo;

/**
 * Voxtral Mini Transcribe Realtime 3's model ids and {@code session.update} fields, over a real
 * socket to a real server, on real recordings: each field is honoured or refused with one
 * clear error, and a refused update leaves the session as it was.
 */
class Voxtral3SessionTest extends RealServerTest {

    private static final String V3 = "voxtral-mini-transcribe-realtime-3";

    private void update(String sessionJson) {
        client.sendText("{\"type\":\"session.update\",\"session\":" + sessionJson + "}");
    }

    /** A word of {@link Recordings#brief()} that every setting below recognizes. */
    private static final String WORD = "said";

    /** Sends the audio in 480 ms chunks, then flush and end, as the SDKs do. */
    private ServerEvent.TranscriptionDone transcribe(byte[] audio, List<ServerEvent> seen) {
        Recordings.chunks(audio, 15_360).forEach(c -> client.send(new ClientEvent.InputAudioAppend(c)));
        client.send(new ClientEvent.InputAudioFlush());
        client.send(new ClientEvent.InputAudioEnd());
        ServerEvent.TranscriptionDone done = client.expectTranscription(seen);
        client.expectClose(1000);
        return done;
    }

    @ParameterizedTest
    @ValueSource(strings = {"voxtral-mini-transcribe-realtime-3-0", V3, "voxtral-mini-transcribe-realtime-latest"})
    void voxtral3IdsAreAliasesOfTheDefaultModel(String model) {
        assertThat(open(model).model()).isEqualTo(model);
        ServerEvent.TranscriptionDone done = transcribe(Recordings.brief().data(), new ArrayList<>());
        assertThat(done.model()).isEqualTo(model);
        assertThat(done.text()).contains(WORD);
    }

    @Test
    void aVoxtral3UpdateIsHonoured() {
        SessionInfo created = open(V3);
        update("{\"language\":\"en\",\"turn_detection\":{\"silence_duration_ms\":800},\"diarize\":false,"
                + "\"target_streaming_delay_ms\":960}");
        SessionInfo updated = client.expect(ServerEvent.SessionUpdated.class).session();
        assertThat(updated.targetStreamingDelayMs()).isEqualTo(960);
        assertThat(updated.requestId()).isEqualTo(created.requestId());
        List<ServerEvent> seen = new ArrayList<>();
        ServerEvent.TranscriptionDone done = transcribe(Recordings.brief().data(), seen);
        assertThat(done.text()).contains(WORD);
        assertThat(done.language()).isEqualTo("en");
    }

    @Test
    void aLanguageTheModelCannotDoIsRefusedNamingThoseItCan() {
        SessionInfo created = open(V3);
        update("{\"language\":\"fr\",\"target_streaming_delay_ms\":960}");
        client.expectError(400, "language 'fr' is not one that model '" + V3 + "' transcribes: expected one of [en]");
        update("{\"language\":\"english\"}");
        client.expectError(400, "language 'english' is not an ISO 639-1 code: expected two letters such as 'en'");
        update("{}");
        assertThat(client.expect(ServerEvent.SessionUpdated.class).session()).isEqualTo(created);
        endEmpty();
    }

    @Test
    void diarizeIsRefusedClearly() {
        open(V3);
        update("{\"diarize\":true}");
        client.expectError(400, "diarize: model '" + V3 + "' does not label speakers: leave diarize out or set it to false");
        update("{\"diarize\":true,\"turn_detection\":{}}");
        client.expectError(400, "Diarization is not compatible with turn detection.");
        update("{\"turn_detection\":{}}");
        client.expect(ServerEvent.SessionUpdated.class);
        update("{\"diarize\":true}");
        client.expectError(400, "Diarization is not compatible with turn detection.");
        update("{\"diarize\":false}");
        client.expect(ServerEvent.SessionUpdated.class);
        endEmpty();
    }

    @Test
    void turnDetectionFieldsOtherThanSilenceAreRefused() {
        open(V3);
        update("{\"turn_detection\":{\"type\":\"server_vad\",\"silence_duration_ms\":500}}");
        client.expectError(400, "field 'session.turn_detection.type' is not supported: expected only silence_duration_ms");
        update("{\"turn_detection\":{\"silence_duration_ms\":20}}");
        client.expectError(400, "turn_detection.silence_duration_ms 20 out of range: expected 100 to 10000");
        update("{\"turn_detection\":{\"silence_duration_ms\":60000}}");
        client.expectError(400, "turn_detection.silence_duration_ms 60000 out of range: expected 100 to 10000");
        endEmpty();
    }

    @Test
    void contextBiasAsADescriptionIsRefused() {
        open(V3);
        update("{\"context_bias\":\"a reading of Sense and Sensibility\"}");
        client.expectError(400, "context_bias: model '" + V3 + "' takes a list of key phrases, not a description "
                + "of the recording");
        update("{\"context_bias\":[\"Dashwood\", \"a reading of a novel by Jane Austen\"]}");
        client.expectError(400, "context_bias[1] has 8 words: expected key phrases of at most 6 words (names, "
                + "places, terms); a description of the recording is not supported");
        update("{\"context_bias\":[\"Dashwood\", 7]}");
        client.expectError(400, "field 'session.context_bias[1]' must be a string, found number");
        endEmpty();
    }

    @Test
    void contextBiasPhrasesReachTheEngine() {
        open(V3);
        update("{\"context_bias\":[\" Dashwood \", \"young man\"]}");
        client.expect(ServerEvent.SessionUpdated.class);
        ServerEvent.TranscriptionDone done = transcribe(Recordings.librivox("0880").data(), new ArrayList<>());
        assertThat(done.text()).contains("young man");
    }

    /**
     * An update whose fields pass the model's declared abilities and that the engine refuses:
     * the engine's one line as error 400 at the update itself, the settings as they were (its
     * delay of 960 ms not applied), and the session goes on to transcribe. Returns the line.
     */
    private String refusedAtTheUpdate(String sessionJson) {
        SessionInfo created = open(V3);
        update(sessionJson);
        String message = client.expectError(400).messageText();
        update("{}");
        assertThat(client.expect(ServerEvent.SessionUpdated.class).session()).isEqualTo(created);
        ServerEvent.TranscriptionDone done = transcribe(Recordings.brief().data(), new ArrayList<>());
        assertThat(done.text()).contains(WORD);
        return message;
    }

    @Test
    void aBiasWordMissingFromTheDictionaryIsRefusedAtTheUpdateNamingIt() {
        assertThat(refusedAtTheUpdate("{\"context_bias\":[\"Dashwood\", \"qwxzvbn\"],"
                + "\"target_streaming_delay_ms\":960}"))
                .startsWith("context_bias words not in the ").endsWith(" dictionary: qwxzvbn");
    }

    @Test
    void contextBiasBeyondTheBoundsIsRefused() {
        open(V3);
        update("{\"context_bias\":[" + "\"man\",".repeat(100) + "\"man\"]}");
        client.expectError(400, "context_bias has 101 phrases: expected at most 100");
        update("{\"context_bias\":[\"man\", \" \", \"" + "a".repeat(101) + "\"]}");
        client.expectError(400, "context_bias[1] is blank: expected a word or phrase");
        client.expectError(400, "context_bias[2] is 101 characters long: expected at most 100");
        endEmpty();
    }

    @Test
    void settingsLockAtTheFirstAudioChunk() {
        open(V3);
        client.send(new ClientEvent.InputAudioAppend(Recordings.chunks(Recordings.brief().data(), 3200)
                .getFirst()));
        update("{\"language\":\"en\"}");
        client.expectError(409, "Session fields cannot be changed after audio has started.");
        update("{\"target_streaming_delay_ms\":100}");
        client.expectError(409, "Session fields cannot be changed after audio has started.");
        client.send(new ClientEvent.InputAudioEnd());
        client.expectTranscription();
        client.expectClose(1000);
    }

    /** Where the pause of {@link #transcribeAPause} starts, in seconds: the end of its first recording. */
    private static final double PAUSE = 2.59;

    /** Two recordings with one second of silence between them (2.59 to 3.59 s), under this turn detection. */
    private ServerEvent.TranscriptionDone transcribeAPause(String turnDetection, List<ServerEvent> seen) {
        open(V3);
        update("{\"turn_detection\":" + turnDetection + "}");
        client.expect(ServerEvent.SessionUpdated.class);
        byte[] first = Recordings.brief().data();
        assertThat(first.length / 32_000.0).isEqualTo(PAUSE);
        return transcribe(concat(first, new byte[16_000 * 2], Recordings.librivox("0930").data()), seen);
    }

    @Test
    void turnDetectionEndsASegmentAtEachEndOfTurn() {
        List<ServerEvent> seen = new ArrayList<>();
        ServerEvent.TranscriptionDone done = transcribeAPause("{}", seen);
        List<ServerEvent.Segment> segments = seen.stream()
                .filter(ServerEvent.Segment.class::isInstance).map(ServerEvent.Segment.class::cast).toList();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2).hasSameSizeAs(done.segments());
        // A turn boundary falls in the pause; aLongerSilenceDurationKeepsAPauseInsideOneTurn
        // sends the same audio.
        assertThat(segments).anySatisfy(s -> assertThat(s.end()).isBetween(PAUSE - 2.1, PAUSE + 1));
        assertThat(segments).anySatisfy(s -> assertThat(s.start()).isGreaterThan(PAUSE - 0.1));
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).start()).isGreaterThanOrEqualTo(segments.get(i - 1).end());
        }
    }

    @Test
    void aLongerSilenceDurationKeepsAPauseInsideOneTurn() {
        // The one-second pause is shorter than the turn silence.
        ServerEvent.TranscriptionDone done = transcribeAPause("{\"silence_duration_ms\":3000}", new ArrayList<>());
        assertThat(done.segments()).anySatisfy(s -> {
            assertThat(s.start()).isLessThan(PAUSE - 0.1);
            assertThat(s.end()).isGreaterThan(PAUSE + 1.1);
        });
    }

    @Test
    void aSilenceDurationTheVoiceDetectorCannotDoIsRefusedAtTheUpdate() {
        assertThat(refusedAtTheUpdate("{\"turn_detection\":{\"silence_duration_ms\":300},"
                + "\"target_streaming_delay_ms\":960}"))
                .isEqualTo("model pocketsphinx-en-us ends a turn after at least 500 ms of silence (its voice "
                        + "detector's own), not 300 ms");
    }

    @Test
    void anUpdateAfterAnAcceptedOneReplacesItsStream() throws InterruptedException {
        open(V3);
        update("{\"context_bias\":[\"Dashwood\"]}");
        client.expect(ServerEvent.SessionUpdated.class);
        update("{\"context_bias\":[\"qwxzvbn\"]}");
        client.expectError(400);
        update("{\"target_streaming_delay_ms\":2400}");
        assertThat(client.expect(ServerEvent.SessionUpdated.class).session().targetStreamingDelayMs()).isEqualTo(2400);
        // One stream open for the session, not one per update.
        CheckRecognizers.awaitOpen(1);
        ServerEvent.TranscriptionDone done = transcribe(Recordings.brief().data(), new ArrayList<>());
        assertThat(done.text()).contains(WORD);
        CheckRecognizers.awaitOpen(0);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
