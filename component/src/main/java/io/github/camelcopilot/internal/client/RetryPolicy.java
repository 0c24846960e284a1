package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.FailureKind;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are retried, and how long to wait: a {@code Retry-After} is honoured to the millisecond; without one
 * the wait doubles from {@code initialDelay} with jitter, capped at {@code maxDelay}. A {@code Retry-After} longer
 * than {@code maxDelay} is not waited out: the call fails at once with the wait in the exception, so the route (or
 * the broker) can reschedule instead of holding the message.
 * <p>
 * What the service cannot have processed (never sent, or turned away with 429 or 503) is always retried. What it may
 * have processed (a 504, a connection lost after sending, no response in time) is retried only for a repeatable call
 * (createConversation: an empty conversation at worst) or when {@code retryPossiblyProcessed} opts in, since chat
 * turns are not idempotent.
 *
 * @param maxRetries             retries after the first attempt (0 disables retrying)
 * @param maxDelay               the longest single wait
 * @param initialDelay           the first backoff when the service gave no {@code Retry-After}
 * @param retryPossiblyProcessed whether chat turns the service may have processed are retried too
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
