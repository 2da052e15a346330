package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.earshot.engine.SpeechEngine;

/** Waits for the shared engine's open recognizers to reach a count. */
final class CheckRecognizers {

    private CheckRecognizers() {
    }

    static void awaitOpen(int expected) throws InterruptedException {
        awaitOpen(SharedEngine.get(), expected);
    }

    static void awaitOpen(SpeechEngine engine, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.openRecognizers() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.openRecognizers()).as("open recognizers").isEqualTo(expected);
    }
}
