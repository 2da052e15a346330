package dev.earshot.captions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.earshot.engine.Word;
import dev.earshot.streaming.TranscriptSegment;

class CaptionsTest {

    private static final List<TranscriptSegment> SEGMENTS = List.of(
            new TranscriptSegment("the mr john dashwood", 0.21, 2.5),
            new TranscriptSegment("had not the strength", 61.0004, 62.9996));

    @Test
    void srtNumbersCuesWithCommaMilliseconds() {
        assertThat(Captions.srt(SEGMENTS)).isEqualTo("""
                1
                00:00:00,210 --> 00:00:02,500
                the mr john dashwood

                2
                00:01:01,000 --> 00:01:03,000
                had not the strength

                """);
    }

    @Test
    void vttHasTheHeaderAndDotMilliseconds() {
        assertThat(Captions.vtt(SEGMENTS)).isEqualTo("""
                WEBVTT

                00:00:00.210 --> 00:00:02.500
                the mr john dashwood

                00:01:01.000 --> 00:01:03.000
                had not the strength

                """);
    }

    @Test
    void timestampsRoundToTheMillisecondAndNeverGoNegative() {
        assertThat(Captions.timestamp(0.0015, ',')).isEqualTo("00:00:00,002");
        assertThat(Captions.timestamp(-0.2, '.')).isEqualTo("00:00:00.000");
        assertThat(Captions.timestamp(360_000.25, '.')).isEqualTo("100:00:00.250");
    }

    @Test
    void noSegmentsGiveEmptyDocuments() {
        assertThat(Captions.srt(List.of())).isEmpty();
        assertThat(Captions.vtt(List.of())).isEqualTo("WEBVTT\n\n");
    }

    /** Today's complaint: one 14 s utterance of 40 words made one cue on one line. */
    @Test
    void aLongUtteranceBecomesCuesOfAtMostSevenSecondsAndTwoLinesOf42() {
        List<Word> words = new ArrayList<>();
        String[] text = ("it was the best of times it was the worst of times it was the age of wisdom it was the "
                + "age of foolishness it was the epoch of belief it was the epoch of incredulity it was").split(" ");
        for (int i = 0; i < text.length; i++) {
            words.add(new Word(text[i], i * 350L, i * 350L + 300));
        }
        TranscriptSegment segment = new TranscriptSegment(String.join(" ", text), 0, words.getLast().endMs() / 1000.0,
                words);

        List<Cue> cues = Captions.cues(List.of(segment));

        assertThat(cues).hasSizeGreaterThan(2).allSatisfy(cue -> {
            assertThat(cue.end() - cue.start()).isLessThanOrEqualTo(7.0);
            assertThat(cue.lines()).hasSizeBetween(1, 2).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(42));
        });
        assertThat(String.join(" ", cues.stream().flatMap(c -> c.lines().stream()).toList()))
                .isEqualTo(segment.text());
        assertThat(cues.getFirst().start()).isZero();
        assertThat(cues.getLast().end()).isEqualTo(segment.end());
    }

    @Test
    void twoLinesAreSplitWhereTheLongerLineIsShortest() {
        List<Word> words = new ArrayList<>();
        for (String w : "the quick brown fox jumps over the lazy dog and keeps on running far".split(" ")) {
            words.add(new Word(w, words.size() * 100L, words.size() * 100L + 90));
        }

        assertThat(Captions.lines(words)).containsExactly("the quick brown fox jumps over the", "lazy dog and keeps on running far");
    }

    @Test
    void aCueBreaksAtTheSevenSecondMarkEvenWhenTheTextWouldFit() {
        List<Word> words = List.of(new Word("one", 0, 500), new Word("two", 3000, 3500), new Word("three", 6000, 7000),
                new Word("four", 7200, 7600));
        List<Cue> cues = Captions.cues(List.of(new TranscriptSegment("one two three four", 0, 7.6, words)));

        assertThat(cues).containsExactly(new Cue(0, 7.0, List.of("one two three")), new Cue(7.2, 7.6, List.of("four")));
    }

    @Test
    void segmentsWithoutWordTimesAreCutAtInterpolatedTimes() {
        String text = "a segment from a remote server has no word times but it still has to be cut into "
                + "readable cues like any other";
        List<Cue> cues = Captions.cues(List.of(new TranscriptSegment(text, 10, 30)));

        assertThat(cues).hasSizeGreaterThan(2).allSatisfy(cue -> assertThat(cue.end() - cue.start()).isLessThanOrEqualTo(7.0));
        assertThat(cues.getFirst().start()).isEqualTo(10.0);
        assertThat(cues.getLast().end()).isEqualTo(30.0);
    }

    @Test
    void aWordLongerThanALineStandsAlone() {
        String word = "pneumonoultramicroscopicsilicovolcanoconiosis-and-then-some";
        List<Cue> cues = Captions.cues(List.of(new TranscriptSegment("a " + word + " b", 0, 3,
                List.of(new Word("a", 0, 100), new Word(word, 200, 2000), new Word("b", 2100, 3000)))));

        assertThat(cues).extracting(Cue::lines).containsExactly(List.of("a"), List.of(word), List.of("b"));
    }
}
