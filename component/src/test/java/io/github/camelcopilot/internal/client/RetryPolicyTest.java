package io.github.camelcopilot.internal.client;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static final int SAMPLES = 2000;
    private static final RetryPolicy POLICY = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofMillis(500), false);

    private static LongSummaryStatistics sample(RetryPolicy policy, int retry) {
        return IntStream.range(0, SAMPLES).mapToLong(i -> policy.backoff(retry).toMillis()).summaryStatistics();
    }

    /** The exponential step before jitter: initialDelay * 2^(retry-1), capped at maxDelay. */
    private static long step(int retry) {
        return Math.min(500L << (retry - 1), 30_000L);
    }

    @Test
    void negativeMaxRetriesIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ofSeconds(1), Duration.ofMillis(1), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofMillis(1), false).maxRetries()).isZero();
    }

    @Test
    void backoffStaysBetweenHalfTheStepAndTheStep() {
        for (int retry = 1; retry <= 12; retry++) {
            LongSummaryStatistics stats = sample(POLICY, retry);
            assertThat(stats.getMin()).as("min of retry %d", retry).isGreaterThanOrEqualTo(step(retry) / 2);
            assertThat(stats.getMax()).as("max of retry %d", retry).isLessThanOrEqualTo(step(retry));
        }
    }

    @Test
    void backoffIsBoundedByMaxDelay() {
        for (int retry : new int[] {7, 8, 10, 20, 21, 30, 63, 64, 100, 1000, Integer.MAX_VALUE}) {
            LongSummaryStatistics stats = sample(POLICY, retry);
            assertThat(stats.getMax()).as("retry %d", retry).isLessThanOrEqualTo(30_000);
            assertThat(stats.getMin()).as("retry %d", retry).isGreaterThanOrEqualTo(15_000);
        }
    }

    @Test
    void backoffIsNeverNegative() {
        RetryPolicy[] policies = {
            POLICY,
            new RetryPolicy(3, Duration.ZERO, Duration.ZERO, false),
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ZERO, false),
            new RetryPolicy(3, Duration.ofHours(1), Duration.ofDays(1), false),
            new RetryPolicy(3, Duration.ofMillis(Long.MAX_VALUE), Duration.ofMillis(1), false),
        };
        for (RetryPolicy policy : policies) {
            for (int retry = 1; retry <= 70; retry++) {
                for (int i = 0; i < 50; i++) {
                    assertThat(policy.backoff(retry).isNegative()).as("%s retry %d", policy, retry).isFalse();
                }
            }
        }
    }

    @Test
    void backoffGrowsWithTheRetryNumber() {
        // Steps are 500, 1000, ... 16000 ms for retries 1 to 6, then capped at 30000 from retry 7. Below the cap, every
        // wait of retry n+1 is at least as long as any wait of retry n (equal jitter: [step/2, step]).
        long previousMax = -1;
        double previousMean = -1;
        for (int retry = 1; retry <= 6; retry++) {
            LongSummaryStatistics stats = sample(POLICY, retry);
            assertThat(stats.getMin()).as("min of retry %d", retry).isGreaterThanOrEqualTo(previousMax);
            assertThat(stats.getAverage()).as("mean of retry %d", retry).isGreaterThan(previousMean);
            previousMax = stats.getMax();
            previousMean = stats.getAverage();
        }
        // at the cap the range [15000, 30000] still lies higher than retry 6's [8000, 16000] on average
        assertThat(sample(POLICY, 7).getAverage()).isGreaterThan(previousMean);
        // and never shrinks afterwards
        assertThat(sample(POLICY, 8).getMin()).isGreaterThanOrEqualTo(15_000);
    }

    @Test
    void backoffIsJittered() {
        LongSummaryStatistics stats = sample(POLICY, 4); // [2000, 4000]
        assertThat(stats.getMax() - stats.getMin()).isGreaterThan(1000);
    }

    @Test
    void zeroMaxDelayMeansNoWait() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(500), false);
        for (int retry = 1; retry <= 5; retry++) {
            assertThat(policy.backoff(retry)).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void zeroInitialDelayStillWaitsAtMostOneMillisecond() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ZERO, false);
        LongSummaryStatistics stats = sample(policy, 3);
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(0);
        assertThat(stats.getMax()).isLessThanOrEqualTo(1);
    }

    @Test
    void initialDelayLongerThanMaxDelayIsCapped() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), false);
        LongSummaryStatistics stats = sample(policy, 1);
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(500);
        assertThat(stats.getMax()).isLessThanOrEqualTo(1000);
    }
}
