package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.FailureKind;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are retried, and how long to wait. What the service cannot have processed (not sent, 429, 503) is
 * always retried; what it may have processed only for a repeatable call (createConversation) or when
 * {@code retryPossiblyProcessed} opts in, since chat turns are not idempotent.
 *
 * @param maxRetries   retries after the first attempt (0 disables retrying)
 * @param maxDelay     the longest single wait; a longer {@code Retry-After} fails the call at once instead
 * @param initialDelay the first backoff when the service gave no {@code Retry-After}
 */
public record RetryPolicy(int maxRetries, Duration maxDelay, Duration initialDelay, boolean retryPossiblyProcessed) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }

    /** Whether attempt number {@code attempt}, failed this way, may be followed by another. */
    boolean allows(FailureKind failure, boolean repeatable, int attempt) {
        if (attempt > maxRetries) {
            return false;
        }
        return switch (failure) {
            case NOT_SENT, TURNED_AWAY -> true;
            case OUTCOME_UNKNOWN -> repeatable || retryPossiblyProcessed;
            default -> false;
        };
    }

    /** The backoff before retry number {@code retry} (1 for the first), with equal jitter. */
    Duration backoff(int retry) {
        long base = initialDelay.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(Math.max(base, 1), maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
