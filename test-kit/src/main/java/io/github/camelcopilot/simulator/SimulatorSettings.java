package io.github.camelcopilot.simulator;

import java.time.Duration;
import java.util.Set;

/** The simulator's adjustable behaviour besides faults; read by handler threads, so every field is volatile. */
final class SimulatorSettings {

    private volatile Set<String> acceptedTokens = Set.of(CopilotSimulator.DEFAULT_TOKEN);
    private volatile Duration streamEventDelay = Duration.ZERO;

    Set<String> acceptedTokens() {
        return acceptedTokens;
    }

    void acceptedTokens(Set<String> tokens) {
        this.acceptedTokens = Set.copyOf(tokens);
    }

    Duration streamEventDelay() {
        return streamEventDelay;
    }

    void streamEventDelay(Duration delay) {
        this.streamEventDelay = delay;
    }

    void restoreDefaults() {
        acceptedTokens = Set.of(CopilotSimulator.DEFAULT_TOKEN);
        streamEventDelay = Duration.ZERO;
    }
}
