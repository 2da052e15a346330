package dev.earshot.server.batch;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import dev.earshot.server.ops.ServerMetrics;

/**
 * What every batch job of a server shares.
 *
 * @param maxAudio         longest audio transcribed; a longer file fails with 413 once that much was read
 * @param metrics          where the job counts its audio and engine time
 * @param realtimeSessions the realtime sessions open now, which pace the job ({@link BatchPace})
 * @param cut              true once running jobs must end (the drain's grace is over)
 */
record JobEnvironment(Duration maxAudio, ServerMetrics metrics, IntSupplier realtimeSessions, BooleanSupplier cut) {
}
