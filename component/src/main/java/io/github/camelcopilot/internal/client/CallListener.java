package io.github.camelcopilot.internal.client;

import java.time.Duration;
import java.util.Map;

/**
 * Hears what happens to one call across its attempts, for meters and spans (the component's observe package
 * implements it). The client calls it on whatever thread completed the step (an I/O thread, the scheduler): an
 * implementation records and returns at once, never blocks and never throws.
 */
public interface CallListener {

    /** Hears nothing and adds nothing. */
    CallListener NONE = new CallListener() {
    };

    /**
     * Headers sent with every attempt besides the client's own (the W3C trace context); never a token. Called once per
     * attempt.
     */
    default Map<String, String> requestHeaders() {
        return Map.of();
    }

    /**
     * The call waits {@code wait} and then tries again.
     *
     * @param reason  why, a bounded value: the HTTP status ({@code 429}, {@code 503}, {@code 401} for the retry with
     *                a fresh token), {@code not_sent}, or {@code possibly_processed} (opted in, or createConversation)
     * @param attempt the attempt that failed (1 for the first)
     */
    default void retrying(String reason, Duration wait, int attempt) {
    }

    /**
     * The call ended: exactly once, however it ended.
     *
     * @param status          the HTTP status of the answer that ended it, 0 when none
     * @param requestId       the service's {@code request-id}, or null
     * @param clientRequestId the {@code client-request-id} of the last attempt, or null when none was sent
     * @param attempts        the attempts made (0 when none was)
     * @param failure         null on success
     * @param failureKind     on failure, a bounded value: the failure kind in lower case ({@code not_sent},
     *                        {@code proxy_refused}, {@code turned_away}, {@code outcome_unknown},
     *                        {@code server_failed}, {@code answered_unusable}, {@code final}), {@code stopped}, or
     *                        null when the client did not classify it (no token, for one)
     */
    default void ended(int status, String requestId, String clientRequestId, int attempts, Throwable failure,
                       String failureKind) {
    }
}
