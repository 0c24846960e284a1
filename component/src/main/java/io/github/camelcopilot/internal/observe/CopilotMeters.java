package io.github.camelcopilot.internal.observe;

import java.time.Duration;

/**
 * What the component measures, without naming a metrics library: {@link #NONE} when there is no MeterRegistry (or
 * metrics are off), {@link MicrometerMeters} otherwise. Every argument is a bounded value (see the component page's
 * Observability section); never a prompt, reply, token, user or conversation id. Called on I/O, scheduler and route
 * threads: implementations record and return.
 */
public interface CopilotMeters {

    /** Records nothing. */
    CopilotMeters NONE = new CopilotMeters() {
    };

    /** Whether anything is recorded (false for {@link #NONE}). */
    default boolean enabled() {
        return false;
    }

    /**
     * A call ended.
     *
     * @param errorType {@code none} on success; else the HTTP status, or the failure kind when no status came
     */
    default void operation(ObservedOperation operation, String errorType, long nanos) {
    }

    /** A call failed, of this failure kind; whether the service may have processed it. */
    default void failure(ObservedOperation operation, String kind, boolean possiblyProcessed) {
    }

    /** A call waits {@code wait} before its next attempt, for this reason. */
    default void retry(ObservedOperation operation, String reason, Duration wait) {
    }

    /** The first update of a stream arrived, {@code nanos} after its call started. */
    default void firstUpdate(long nanos) {
    }

    /** A stream ended ({@code completed}, {@code failed} or {@code closed}) after {@code nanos} open. */
    default void streamEnded(String outcome, long nanos) {
    }

    /** An access token was asked for: the sign-in mode, where it came from, and whether one came. */
    default void token(String mode, String source, boolean success) {
    }

    /** The service refused a token with 401 and a fresh one is acquired. */
    default void tokenRefreshed(String mode) {
    }

    /** A keyed message went to a conversation: {@code new}, {@code continued} or {@code rolled_over}. */
    default void conversation(String outcome) {
    }

    /** A key's conversation was replaced, for this reason. */
    default void rollover(String reason) {
    }

    /** A conversation store call took {@code nanos}. */
    default void storeCall(boolean success, long nanos) {
    }
}
