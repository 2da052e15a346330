package dev.earshot.engine.whisper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.earshot.engine.Word;

/**
 * When to commit the words of a model that is not streaming and re-decodes its whole window at
 * each step: LocalAgreement-2 of Macháček et al. 2023 ("Turning Whisper into Real-Time
 * Transcription System"), under a target delay, and when to drop audio from the window.
 *
 * <p>A word is committed once two consecutive decodes agree on it and on every uncommitted word
 * before it, and once its end is at least the target delay older than the audio heard. Committed
 * words never change; a decode's words that restate committed audio (their middle lies before
 * the last committed word's end, or they repeat its last words) are skipped.
 *
 * <p>The window (the audio the engine re-decodes) is cut where nothing uncommitted lies before
 * the cut: at the end of the last Whisper segment whose words are all committed once the window
 * is longer than {@link #TRIM_AFTER_MS}; in silence (a decode with no uncommitted word) down to
 * its last {@link #SILENCE_KEEP_MS}; and before it would outgrow Whisper's 30 s, by committing
 * the words old enough even without agreement. At the end of the stream every word of the last
 * decode is committed. Not thread-safe; times are stream milliseconds.
 */
final class LocalAgreement {

    /** Whisper's encoder window: 30 s. */
    static final long MAX_WINDOW_MS = 30_000;
    /**
     * Window length past which audio is dropped at committed segment ends: shorter windows cost
     * less to re-encode, longer ones give Whisper more context (whisper_streaming's default).
     */
    static final long TRIM_AFTER_MS = 15_000;
    /** Audio kept when a decode finds nothing uncommitted: a word may be starting in it. */
    static final long SILENCE_KEEP_MS = 1_000;
    /** Committed words that a decode may restate at its start, compared by text. */
    private static final int MAX_REPEAT = 5;
    /** How far from the last committed word's end a restatement may start. */
    private static final long REPEAT_REACH_MS = 1_000;

    /** One decode of the window: its words in order, and where its complete segments end. */
    record Decode(List<Word> words, List<Long> segmentEndsMs, long audioEndMs) {
        Decode {
            words = List.copyOf(words);
            segmentEndsMs = List.copyOf(segmentEndsMs);
        }
    }

    /**
     * What one step decided.
     *
     * @param committed     words that became final, in order
     * @param windowStartMs where the window starts now (unchanged if nothing was dropped)
     * @param segmentEnded  whether the committed text reached the end of a segment here, so that
     *                      the utterance in progress ends
     */
    record Step(List<Word> committed, long windowStartMs, boolean segmentEnded) {
        Step {
            committed = List.copyOf(committed);
        }
    }

    private final long delayMs;
    private final long maxWindowMs;
    private final List<Word> committed = new ArrayList<>();
    /** The previous decode's uncommitted words: what the next decode must agree with. */
    private List<Word> pending = List.of();
    private long committedEndMs;
    private long windowStartMs;
    /** Whether words were committed since the last segment end. */
    private boolean inSegment;

    /**
     * @param delayMs     the target delay: how old a word must be before it is committed
     * @param maxWindowMs the longest window, at most {@link #MAX_WINDOW_MS}; a step must leave
     *                    room for the audio that arrives before the next decode
     */
    LocalAgreement(long delayMs, long maxWindowMs) {
        this.delayMs = delayMs;
        this.maxWindowMs = Math.min(maxWindowMs, MAX_WINDOW_MS);
    }

    /** Where the window starts: audio before it is never decoded again. */
    long windowStartMs() {
        return windowStartMs;
    }

    /** The committed words, oldest first. */
    List<Word> committed() {
        return List.copyOf(committed);
    }

    /** Takes one decode of the window and returns what became final. */
    Step step(Decode decode) {
        List<Word> fresh = uncommitted(decode.words());
        List<Word> agreed = new ArrayList<>();
        long ripeBefore = decode.audioEndMs() - delayMs;
        for (int i = 0; i < fresh.size() && i < pending.size(); i++) {
            Word word = fresh.get(i);
            if (!same(word, pending.get(i)) || word.endMs() > ripeBefore) {
                break;
            }
            agreed.add(word);
        }
        commit(agreed);
        pending = fresh.subList(agreed.size(), fresh.size());
        if (decode.audioEndMs() - windowStartMs > maxWindowMs && !pending.isEmpty()) {
            return overflow(decode, ripeBefore, agreed);
        }
        return trim(decode, agreed);
    }

    /** Commits every word of the last decode not yet committed: the stream or utterance ends here. */
    Step finish(long audioEndMs) {
        List<Word> rest = List.copyOf(pending);
        commit(rest);
        pending = List.of();
        boolean ended = inSegment;
        inSegment = false;
        windowStartMs = Math.max(windowStartMs, audioEndMs);
        return new Step(rest, windowStartMs, ended);
    }

    private Step overflow(Decode decode, long ripeBefore, List<Word> agreed) {
        List<Word> forced = new ArrayList<>(agreed);
        List<Word> ripe = pending.stream().takeWhile(w -> w.endMs() <= ripeBefore).toList();
        commit(ripe);
        forced.addAll(ripe);
        pending = List.of();
        long cut = ripe.isEmpty() ? decode.audioEndMs() - maxWindowMs / 2 : committedEndMs;
        windowStartMs = Math.max(windowStartMs, cut);
        boolean ended = inSegment;
        inSegment = false;
        return new Step(forced, windowStartMs, ended);
    }

    private Step trim(Decode decode, List<Word> agreed) {
        long length = decode.audioEndMs() - windowStartMs;
        if (pending.isEmpty() && length > SILENCE_KEEP_MS * 2) {
            long silent = decode.audioEndMs() - SILENCE_KEEP_MS;
            return silent > committedEndMs ? cut(silent, agreed, true) : cut(committedEndMs, agreed, false);
        }
        if (length > TRIM_AFTER_MS) {
            long cut = decode.segmentEndsMs().stream().filter(end -> end <= committedEndMs && end > windowStartMs)
                    .max(Long::compare).orElse(windowStartMs);
            return cut(cut, agreed, true);
        }
        return new Step(agreed, windowStartMs, false);
    }

    /** Drops the audio before {@code at}; {@code endsUtterance} if a pause or a segment end lies there. */
    private Step cut(long at, List<Word> agreed, boolean endsUtterance) {
        if (at <= windowStartMs) {
            return new Step(agreed, windowStartMs, false);
        }
        windowStartMs = at;
        boolean ended = endsUtterance && inSegment;
        if (ended) {
            inSegment = false;
        }
        return new Step(agreed, windowStartMs, ended);
    }

    private void commit(List<Word> words) {
        if (words.isEmpty()) {
            return;
        }
        committed.addAll(words);
        committedEndMs = Math.max(committedEndMs, words.getLast().endMs());
        inSegment = true;
    }

    /** The decode's words after the committed ones: those that restate committed audio are skipped. */
    private List<Word> uncommitted(List<Word> words) {
        List<Word> fresh = words.stream().filter(w -> w.midMs() >= committedEndMs).toList();
        if (fresh.isEmpty() || Math.abs(fresh.getFirst().startMs() - committedEndMs) > REPEAT_REACH_MS) {
            return fresh;
        }
        for (int n = Math.min(MAX_REPEAT, Math.min(committed.size(), fresh.size())); n > 0; n--) {
            if (repeats(fresh, n)) {
                return fresh.subList(n, fresh.size());
            }
        }
        return fresh;
    }

    /** Whether the first {@code n} fresh words say the last {@code n} committed ones again. */
    private boolean repeats(List<Word> fresh, int n) {
        for (int i = 0; i < n; i++) {
            if (!same(fresh.get(i), committed.get(committed.size() - n + i))) {
                return false;
            }
        }
        return true;
    }

    /** Same word for agreement: case and punctuation aside, as decodes of a growing window vary in them. */
    static boolean same(Word a, Word b) {
        return normal(a.text()).equals(normal(b.text()));
    }

    private static String normal(String text) {
        return text.strip().replaceAll("\\p{Punct}+$|^\\p{Punct}+", "").toLowerCase(Locale.ROOT);
    }
}
