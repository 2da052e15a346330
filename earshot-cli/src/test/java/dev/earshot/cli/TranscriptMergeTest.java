package dev.earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The dual view's merge on the seed's rules. Every expected value was produced by the seed's
 * {@code _compute_display_texts} under CPython 3 difflib, so the port must agree with it exactly.
 */
class TranscriptMergeTest {

    @ParameterizedTest(name = "slow=''{0}'' fast=''{1}'' -> ahead ''{2}''")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, nullValues = "NULL", value = {
        // No slow text yet: all of the fast text is ahead, with a leading space, trailing space cut.
        "||",
        "| hello there|  hello there",
        "|hello  | hello",
        // The fast text runs ahead of the slow text: only the words past the match are highlighted.
        " the mr john| the mr john dashwood and then| dashwood and then",
        // Words compare without outer punctuation and case.
        " The Mr. John,| the mr john dashwood and then| dashwood and then",
        // The slow text corrected a word: alignment skips it and finds where slow ends in fast.
        " the mr john dashwood and then at leisure| the mr john guess and then at leisure two consider our| two consider our",
        " one two three four| one too three four five six| five six",
        // Fast and slow agree: nothing ahead.
        " hello world| hello world|",
        // Nothing in common: every fast word is ahead.
        " a b c| x y z| x y z",
        // Repeated words: the match that reaches furthest into the slow text wins.
        " the cat the dog| the cat sat the dog ran the end| ran the end",
        " to be or not to be| to be or not to be that is| that is",
    })
    void aheadTextFollowsTheSeed(String slow, String fast, String ahead) {
        slow = slow == null ? "" : slow;
        fast = fast == null ? "" : fast;
        TranscriptMerge.Display display = TranscriptMerge.compute(slow, fast);
        assertThat(display.partialText()).isEqualTo(ahead == null ? "" : ahead);
        assertThat(display.finalText()).isEqualTo(TranscriptMerge.words(slow).isEmpty() ? "" : slow);
    }

    @Test
    void popularWordsInLongFastTextsAreAutojunkAsInDifflib() {
        // 212 fast words, 210 of them "the": difflib ignores "the" as a match seed (it occurs in
        // more than 1% of 200+ elements), matches "x", then extends backwards over "the".
        List<String> fast = new ArrayList<>(Collections.nCopies(210, "the"));
        fast.addAll(List.of("x", "y"));
        SequenceMatcher matcher = new SequenceMatcher(List.of("the", "the", "the", "x"), fast);
        assertThat(matcher.matchingBlocks()).containsExactly(new SequenceMatcher.Match(0, 207, 4),
                new SequenceMatcher.Match(4, 212, 0));
        assertThat(TranscriptMerge.compute("the the the x", String.join(" ", fast)).partialText()).isEqualTo(" y");
    }

    @Test
    void matchingBlocksAreMergedAndEndWithTheSentinel() {
        SequenceMatcher matcher = new SequenceMatcher(List.of("a", "b", "x", "c", "d"), List.of("a", "b", "c", "d"));
        assertThat(matcher.matchingBlocks()).containsExactly(new SequenceMatcher.Match(0, 0, 2),
                new SequenceMatcher.Match(3, 2, 2), new SequenceMatcher.Match(5, 4, 0));
    }

    @Test
    void normalizeStripsTheSeedsPunctuationOnlyAtTheEnds() {
        assertThat(TranscriptMerge.normalize("\"(Hello),\"")).isEqualTo("hello");
        assertThat(TranscriptMerge.normalize("don't")).isEqualTo("don't");
        assertThat(TranscriptMerge.normalize("...")).isEmpty();
    }
}
