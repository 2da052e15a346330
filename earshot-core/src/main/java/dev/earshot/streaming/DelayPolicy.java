package dev.earshot.streaming;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Word;

/**
 * Turns the engine's changing hypotheses into append-only words under a target delay.
 *
 * <p>A word of a partial hypothesis is committed once the engine has heard {@code delay} of audio
 * after the word's end, and only after every word before it. The last word of a partial hypothesis
 * may still be growing, so it also needs {@link #LAST_WORD_QUIET_MS} after its end in which the
 * engine found no further word. A final hypothesis (utterance end, flush, end of stream) commits
 * all its remaining words at once.
 *
 * <p>Committed words never change, so a later hypothesis is read only after the last committed
 * word: its words whose middle lies before that word's end restate committed audio and are
 * skipped, whatever the engine now thinks they are. Not thread-safe.
 */
final class DelayPolicy {

    /**
     * Audio heard after the last word of a partial hypothesis, with no word after it, before that
     * word can be committed. Without this rule it waited for the utterance's end, which the voice
     * detector finds only after about 630 ms of silence: at a 480 ms delay that put the 95th
     * percentile of commits 106 ms (99th: 342 ms) of stream time past the delay on the 31
     * LibriVox and fetched evaluation recordings, against 60 ms (262 ms) with it. There 360 ms
     * left the word error rate unchanged at 0, 240, 480 and 960 ms; 240 ms cost 3 edits at 0 and
     * 240 ms (docs/benchmarks.md).
     */
    static final int LAST_WORD_QUIET_MS = 360;

    private final int delayMs;
    /** End of the last committed word in stream time; nothing before it is committed again. */
    private long committedEndMs;

    DelayPolicy(TargetDelay delay) {
        this.delayMs = delay.millis();
    }

    /** The words of {@code hypothesis} that become final now, in order; possibly none. */
    List<Word> commit(Hypothesis hypothesis) {
        List<Word> fresh = hypothesis.words().stream().filter(w -> w.midMs() >= committedEndMs).toList();
        List<Word> committed = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            Word word = fresh.get(i);
            long heardAfter = hypothesis.audioMs() - word.endMs();
            boolean last = i == fresh.size() - 1;
            boolean settled = hypothesis.utteranceEnded()
                    || (heardAfter >= delayMs && (!last || heardAfter >= LAST_WORD_QUIET_MS));
            if (!settled) {
                break;
            }
            committed.add(word);
            committedEndMs = word.endMs();
        }
        return committed;
    }
}
