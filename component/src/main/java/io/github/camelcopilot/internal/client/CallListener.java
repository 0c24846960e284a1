package io.github.camelcopilot.internal.client;

import java.time.Duration;
import java.util.Map;

/**
 * Hears one call across its attempts, for meters and spans. Called on whatever thread completed the step (an I/O
 * thread, the scheduler), so an implementation records and returns: it never blocks and never throws.
 */
public interface CallListener {

    CallListener NONE = new CallListener() {
    };

    /** Headers to send with every attempt besides the client's own (the W3C trace context); never a token. */
    default Map<String, String> requestHeaders() {
        return Map.of();
    }

    /**
     * The call waits {@code wait} and then tries again after attempt number {@code attempt} failed.
     *
     * @param reason a bounded value: the HTTP status ({@code 401} for the retry with a fresh token), {@code not_sent},
     *               or {@code possibly_processed}
     */
    default void retrying(String reason, Duration wait, int attempt) {
    }

    /**
     * The call ended, exactly once however it ended.
     *
     * @param status      the HTTP status of the answer that ended it, 0 when none
     * @param failure     null on success
     * @param failureKind on failure, {@link io.github.camelcopilot.client.FailureKind#tag()} or {@code stopped}; null
     *                    when the client did not classify it (no token, for one)
     */
    default void ended(int status, String requestId, String clientRequestId, int attempts, Throwable failure,
                       String failureKind) {
    }
}
