package dev.earshot.bench;

import java.util.List;

import dev.earshot.eval.WordErrorRate;

/**
 * What one session measured.
 *
 * @param recordingId       which recording it sent
 * @param audioSeconds      audio sent
 * @param latenciesMs       per committed word: delta arrival minus the send of the chunk holding the
 *                          word's end, minus the target delay; negative when a flush committed early
 * @param wordTimesFromReference true when every word's end came from the in-process reference;
 *                          false when only segment ends were known (one latency per segment)
 * @param firstTextMs       from the first chunk's send to the first delta, or -1 if no text came
 * @param score             the transcript against the recording's reference text
 * @param error             an {@code error} event or failure of the session, or null
 * @param unexpectedClose   true when the connection ended before {@code transcription.done}
 */
record SessionResult(String recordingId, double audioSeconds, List<Double> latenciesMs,
        boolean wordTimesFromReference, double firstTextMs, WordErrorRate.Score score, String error,
        boolean unexpectedClose) {
}
