package io.github.camelcopilot.simulator;

import java.time.Duration;

/** Sleeps of the simulator's handlers: latency, hangs, stream pacing. Closing the simulator interrupts them. */
final class Pauses {

    private Pauses() {
    }

    /** Sleeps; when interrupted (the simulator is closing), breaks the connection instead of answering. */
    static void sleep(Duration duration) throws ConnectionAbort {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAbort("simulator closing");
        }
    }
}
