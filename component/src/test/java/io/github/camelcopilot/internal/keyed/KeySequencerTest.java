package io.github.camelcopilot.internal.keyed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One key's turns one after another, whatever way each ends. */
class KeySequencerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final KeySequencer sequencer = new KeySequencer();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aTurnWaitsForTheKeysRunningTurnAndOtherKeysDoNot() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> otherKey = new CompletableFuture<>();
        sequencer.submit("a", executor, () -> first);
        sequencer.submit("a", executor, () -> {
            second.complete("ran");
            return CompletableFuture.completedFuture(null);
        });
        sequencer.submit("b", executor, () -> {
            otherKey.complete("ran");
            return CompletableFuture.completedFuture(null);
        });

        assertThat(otherKey.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(second).isNotDone();
        assertThat(idle(sequencer, "b")).isTrue();

        first.complete(null);
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        awaitIdle();
    }

    @Test
    void failuresAndThrowingTurnsReleaseTheNext() throws Exception {
        List<Integer> ran = new ArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        sequencer.submit("k", executor, () -> {
            ran.add(1);
            return CompletableFuture.failedFuture(new IllegalStateException("failed"));
        });
        sequencer.submit("k", executor, () -> {
            ran.add(2);
            throw new IllegalStateException("thrown");
        });
        sequencer.submit("k", executor, () -> {
            ran.add(3);
            return null;
        });
        sequencer.submit("k", executor, () -> {
            ran.add(4);
            last.complete(null);
            return last;
        });

        last.get(5, TimeUnit.SECONDS);
        assertThat(ran).containsExactly(1, 2, 3, 4);
        awaitIdle();
    }

    @Test
    void aLongQueueRunsInOrder() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<Integer> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        sequencer.submit("k", executor, () -> gate);
        int turns = 5_000;
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (int i = 0; i < turns; i++) {
            int turn = i;
            sequencer.submit("k", executor, () -> {
                ran.add(turn);
                if (turn == turns - 1) {
                    done.complete(null);
                }
                return CompletableFuture.completedFuture(null);
            });
        }
        gate.complete(null);

        done.get(30, TimeUnit.SECONDS);
        assertThat(ran).hasSize(turns).isSorted();
        awaitIdle();
    }

    @Test
    void aStoppedExecutorStillStartsTheWaitingTurn() throws Exception {
        KeySequencer refusing = new KeySequencer();
        java.util.concurrent.Executor stopped = task -> {
            throw new RejectedExecutionException("stopped");
        };
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        refusing.submit("k", stopped, () -> first);
        refusing.submit("k", stopped, () -> {
            second.complete("ran");
            return CompletableFuture.completedFuture(null);
        });

        first.complete(null);
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(idle(refusing, "k")).isTrue();
    }

    private void awaitIdle() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> idle(sequencer, "k")
                                                                                         && idle(sequencer, "a"));
    }

    /** Whether the key holds nothing: a turn submitted for it starts at once, on this thread. */
    private static boolean idle(KeySequencer sequencer, String key) {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        sequencer.submit(key, Runnable::run, () -> {
            ran.set(true);
            return CompletableFuture.completedFuture(null);
        });
        return ran.get();
    }
}
