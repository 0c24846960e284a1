package io.github.camelcopilot.internal.observe;

import java.time.Duration;

/**
 * What the component measures, without naming a metrics library: {@link #NONE} when there is no MeterRegistry (or
 * metrics are off), {@link MicrometerMeters} otherwise. Every argument is a bounded value, never a prompt, reply,
 * token, user or conversation id. Called on I/O, scheduler and route threads: implementations record and return.
 */
public interface CopilotMeters {

    CopilotMeters NONE = new CopilotMeters() {
    };

    default boolean enabled() {
        return false;
    }

    /** @param errorType {@code none} on success; else the HTTP status, or the failure kind when no status came */
    default void operation(ObservedOperation operation, String errorType, long nanos) {
    }

    default void failure(ObservedOperation operation, String kind, boolean possiblyProcessed) {
    }

    default void retry(ObservedOperation operation, String reason, Duration wait) {
    }

    /** {@code nanos} since the call started. */
    default void firstUpdate(long nanos) {
    }

    /** @param outcome {@code completed}, {@code failed} or {@code closed} */
    default void streamEnded(String outcome, long nanos) {
    }

    /** @param source where the token came from (see {@link ObservedTokens}) */
    default void token(String mode, String source, boolean success) {
    }

    /** The service refused a token with 401 and a fresh one is acquired. */
    default void tokenRefreshed(String mode) {
    }

    /** @param outcome {@code new}, {@code continued} or {@code rolled_over} */
    default void conversation(String outcome) {
    }

    default void rollover(String reason) {
    }

    default void storeCall(boolean success, long nanos) {
    }
}
