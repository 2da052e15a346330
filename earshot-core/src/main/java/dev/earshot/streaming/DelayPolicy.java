package dev.earshot.streaming;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Word;

/**
 * Turns the engine's changing hypotheses into append-only words under a target delay.
 *
 * <p>A word of a partial hypothesis is committed once the engine has heard {@code delay} of audio
 * after the word's end, and only after every word before it; the last word of a partial hypothesis
 * never is, since its end is not known yet. A final hypothesis (utterance end, flush, end of
 * stream) commits all its remaining words at once.
 *
 * <p>Committed words never change, so a later hypothesis is read only after the last committed
 * word: its words whose middle lies before that word's end restate committed audio and are
 * skipped, whatever the engine now thinks they are. Not thread-safe.
 */
final class DelayPolicy {

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
            boolean settled = hypothesis.utteranceEnded()
                    || (i < fresh.size() - 1 && word.endMs() + delayMs <= hypothesis.audioMs());
            if (!settled) {
                break;
            }
            committed.add(word);
            committedEndMs = word.endMs();
        }
        return committed;
    }
}
