package io.github.camelcopilot.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How throttling, unavailability and connection failures are retried: a {@code Retry-After} is honoured to the
 * millisecond; without one the wait doubles from {@code initialDelay} with jitter, capped at {@code maxDelay}.
 * A {@code Retry-After} longer than {@code maxDelay} is not waited out: the call fails at once with the wait in the
 * exception, so the route (or the broker) can reschedule instead of holding the message.
 *
 * @param maxRetries   retries after the first attempt (0 disables retrying)
 * @param maxDelay     the longest single wait
 * @param initialDelay the first backoff when the service gave no {@code Retry-After}
 */
public record RetryPolicy(int maxRetries, Duration maxDelay, Duration initialDelay) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
    }

    /** The backoff before retry number {@code retry} (1 for the first), with equal jitter. */
    Duration backoff(int retry) {
        long base = initialDelay.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(Math.max(base, 1), maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
