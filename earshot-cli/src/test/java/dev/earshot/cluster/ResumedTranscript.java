package dev.earshot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.audio.AudioFormat;
import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptSegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What a resumed stream must say: the transcript of one uninterrupted session, but for the segment in flight. */
final class ResumedTranscript {

    static final Path FETCHED = Path.of(System.getProperty("earshot.shared.dir", "/work/shared"), "eval", "fetched");

    private ResumedTranscript() {
    }

    static byte[] recording(String name) {
        try {
            WavAudio wav = WavReader.read(FETCHED.resolve(name + ".wav"));
            assertThat(wav.format()).isEqualTo(AudioFormat.DEFAULT);
            return wav.data();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uninterrupted transcript, with its segments: the same audio through the engine in process. */
    static Transcript reference(SpeechEngine engine, byte[] audio) {
        try (StreamingTranscriber t = new StreamingTranscriber(engine, AudioFormat.DEFAULT, TargetDelay.DEFAULT,
                commit -> { })) {
            t.append(audio);
            t.flush();
            return t.finish();
        }
    }

    /**
     * Asserts that {@code text} has the reference's words of every segment but the one in flight at
     * the fault (the one after the first {@code finishedBefore} segments), in order, and at most as
     * many words as that segment in its place: nothing lost elsewhere, nothing said twice.
     */
    static void assertMatches(Transcript reference, int finishedBefore, String text) {
        List<TranscriptSegment> segments = reference.segments();
        List<String> before = words(segments.subList(0, Math.min(finishedBefore, segments.size())));
        List<String> inFlight = finishedBefore < segments.size()
                ? words(segments.subList(finishedBefore, finishedBefore + 1)) : List.of();
        List<String> after = finishedBefore + 1 < segments.size()
                ? words(segments.subList(finishedBefore + 1, segments.size())) : List.of();
        List<String> got = Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        String context = "resumed after segment " + finishedBefore + " of " + segments.size() + "\n  reference: "
                + reference.text() + "\n  resumed:   " + text;
        assertThat(got.subList(0, Math.min(before.size(), got.size()))).as(context).isEqualTo(before);
        assertThat(got.subList(Math.max(0, got.size() - after.size()), got.size())).as(context).isEqualTo(after);
        assertThat(got.size() - before.size() - after.size()).as(context).isBetween(0, inFlight.size());
    }

    private static List<String> words(List<TranscriptSegment> segments) {
        return segments.stream().flatMap(s -> Arrays.stream(s.text().split(" "))).toList();
    }
}
