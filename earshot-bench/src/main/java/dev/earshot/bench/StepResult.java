package dev.earshot.bench;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.eval.WordErrorRate;

/**
 * The figures of one load step: N streams at one delay. Written to JSON as is.
 *
 * @param via                through the server or through the core alone
 * @param streams            concurrent streams
 * @param delayMs            target delay of every session
 * @param realTime           paced in real time, or as fast as possible
 * @param sessions           sessions run (each stream runs recordings back to back)
 * @param audioSeconds       audio sent, all streams together
 * @param wallSeconds        from the first send to the last {@code transcription.done}
 * @param latencyBeyondDelayMs per committed word, see {@link SessionResult#latenciesMs()}
 * @param latencyFromReferencePercent share of sessions whose word ends came from the reference
 * @param firstTextMs        time to first text per session
 * @param wer                word error rate over every session, 0 to 1
 * @param referenceWords     words of the reference transcripts scored
 * @param cpuSecondsPerAudioSecond server CPU (this process's through the core) over audio seconds; -1 if
 *                          unknown
 * @param rssMb              resident memory before, at peak and after the step, the server's or this process's
 * @param errors             sessions that failed (error event, timeout, broken connection)
 * @param unexpectedCloses   sessions whose connection closed before {@code transcription.done}
 * @param firstErrors        up to five error messages
 * @param recognizersBefore  {@code engine.openRecognizers()} before the step
 * @param recognizersAfter   the same once the step's sessions ended
 */
record StepResult(LoadStep.Via via, int streams, int delayMs, boolean realTime, int sessions, double audioSeconds,
        double wallSeconds, Stats latencyBeyondDelayMs, double latencyFromReferencePercent, Stats firstTextMs, double wer,
        int referenceWords, double cpuSecondsPerAudioSecond, Rss rssMb, int errors, int unexpectedCloses,
        List<String> firstErrors, int recognizersBefore, int recognizersAfter) {

    /** Resident memory in MB. */
    record Rss(double before, double peak, double after) {
    }

    /** Meets the capacity criterion: p95 beyond the delay under {@code limitMs}, and no errors. */
    boolean passes(double limitMs) {
        return errors == 0 && unexpectedCloses == 0 && latencyBeyondDelayMs.count() > 0
                && latencyBeyondDelayMs.p95() < limitMs;
    }

    static StepResult of(LoadStep.Via via, int streams, int delayMs, boolean realTime, List<SessionResult> sessions,
            double wall, double cpuPerAudio, Rss rss, int recognizersBefore, int recognizersAfter) {
        List<Double> latencies = new ArrayList<>();
        List<Double> firstText = new ArrayList<>();
        WordErrorRate.Score score = WordErrorRate.Score.ZERO;
        List<String> errors = new ArrayList<>();
        int closes = 0;
        int exact = 0;
        double audio = 0;
        for (SessionResult s : sessions) {
            latencies.addAll(s.latenciesMs());
            if (s.firstTextMs() >= 0) {
                firstText.add(s.firstTextMs());
            }
            score = score.plus(s.score());
            audio += s.audioSeconds();
            exact += s.wordTimesFromReference() ? 1 : 0;
            closes += s.unexpectedClose() ? 1 : 0;
            if (s.error() != null) {
                errors.add(s.recordingId() + ": " + s.error());
            }
        }
        return new StepResult(via, streams, delayMs, realTime, sessions.size(), audio, wall, Stats.of(latencies),
                sessions.isEmpty() ? 0 : 100.0 * exact / sessions.size(), Stats.of(firstText), score.rate(),
                score.referenceWords(), cpuPerAudio, rss, errors.size(), closes,
                errors.subList(0, Math.min(5, errors.size())), recognizersBefore, recognizersAfter);
    }
}
