package io.github.camelcopilot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every CopilotConversationStore must do; each store's test runs these against a real instance. */
abstract class ConversationStoreContract {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    /** The store under test; a fresh one (or one with no entry for random keys) per call. */
    protected abstract CopilotConversationStore store();

    /** Moves the store's clock forward (stores under test use a controllable clock). */
    protected abstract void advance(Duration duration);

    protected static String newKey() {
        return "ticket-" + UUID.randomUUID();
    }

    @Test
    void putIfAbsentStoresOnceAndReturnsTheExistingEntry() {
        CopilotConversationStore store = store();
        String key = newKey();
        assertThat(store.get(key)).isEmpty();

        assertThat(store.putIfAbsent(CopilotConversationEntry.started(key, "c-1", T0), null)).isEmpty();
        Optional<CopilotConversationEntry> second = store.putIfAbsent(CopilotConversationEntry.started(key, "c-2", T0),
                null);

        assertThat(second).map(CopilotConversationEntry::conversationId).contains("c-1");
        CopilotConversationEntry stored = store.get(key).orElseThrow();
        assertThat(stored).isEqualTo(CopilotConversationEntry.started(key, "c-1", T0));
        assertThat(stored.version()).isZero();
    }

    @Test
    void replaceIsACompareAndSetOnConversationAndVersion() {
        CopilotConversationStore store = store();
        String key = newKey();
        store.putIfAbsent(CopilotConversationEntry.started(key, "c-1", T0), null);
        CopilotConversationEntry first = store.get(key).orElseThrow();
        CopilotConversationEntry afterTurn = first.afterTurn(T0.plusSeconds(5), 1, "disengagedForRai");

        assertThat(store.replace(first, afterTurn, null)).isTrue();
        CopilotConversationEntry stored = store.get(key).orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.turnCount()).isEqualTo(1);
        assertThat(stored.isDisengaged()).isTrue();
        assertThat(stored.lastUsed()).isEqualTo(T0.plusSeconds(5));

        // The same expected entry again: its version is stale now.
        assertThat(store.replace(first, CopilotConversationEntry.started(key, "c-9", T0), null)).isFalse();
        // Right version, wrong conversation.
        CopilotConversationEntry otherConversation = new CopilotConversationEntry(key, "c-other", T0, T0, 0,
                "active", stored.version());
        assertThat(store.replace(otherConversation, CopilotConversationEntry.started(key, "c-9", T0), null)).isFalse();
        assertThat(store.get(key).orElseThrow().conversationId()).isEqualTo("c-1");

        CopilotConversationEntry rolledOver = CopilotConversationEntry.started(key, "c-2", T0.plusSeconds(9));
        assertThat(store.replace(stored, rolledOver, null)).isTrue();
        assertThat(store.get(key).orElseThrow()).isEqualTo(rolledOver.withVersion(2));
    }

    @Test
    void replaceOfAMissingKeyFails() {
        CopilotConversationStore store = store();
        String key = newKey();
        CopilotConversationEntry ghost = CopilotConversationEntry.started(key, "c-1", T0);
        assertThat(store.replace(ghost, ghost, null)).isFalse();
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void anExpiredEntryIsAbsent() {
        CopilotConversationStore store = store();
        String key = newKey();
        store.putIfAbsent(CopilotConversationEntry.started(key, "c-1", T0), Duration.ofMinutes(10));
        advance(Duration.ofMinutes(9));
        assertThat(store.get(key)).isPresent();
        CopilotConversationEntry current = store.get(key).orElseThrow();
        // A write renews the time to live.
        assertThat(store.replace(current, current.afterTurn(T0, 1, "active"), Duration.ofMinutes(10))).isTrue();
        advance(Duration.ofMinutes(9));
        assertThat(store.get(key)).isPresent();

        advance(Duration.ofMinutes(2));
        assertThat(store.get(key)).isEmpty();
        CopilotConversationEntry expired = current.withVersion(1);
        assertThat(store.replace(expired, expired, null)).isFalse();
        assertThat(store.putIfAbsent(CopilotConversationEntry.started(key, "c-2", T0), null)).isEmpty();
        assertThat(store.get(key).orElseThrow().conversationId()).isEqualTo("c-2");
    }

    @Test
    void manyThreadsRacingOnANewKeyEndWithOneEntry() throws Exception {
        CopilotConversationStore store = store();
        String key = newKey();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<CopilotConversationEntry>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String conversation = "c-" + i;
                Callable<Optional<CopilotConversationEntry>> racer = () -> {
                    start.await();
                    return store.putIfAbsent(CopilotConversationEntry.started(key, conversation, T0), null);
                };
                results.add(pool.submit(racer));
            }
            start.countDown();
            int winners = 0;
            List<String> seenByLosers = new ArrayList<>();
            for (Future<Optional<CopilotConversationEntry>> result : results) {
                Optional<CopilotConversationEntry> existing = result.get(60, TimeUnit.SECONDS);
                if (existing.isEmpty()) {
                    winners++;
                } else {
                    seenByLosers.add(existing.get().conversationId());
                }
            }
            assertThat(winners).isEqualTo(1);
            String recorded = store.get(key).orElseThrow().conversationId();
            assertThat(seenByLosers).hasSize(threads - 1).containsOnly(recorded);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingCompareAndSetsHaveOneWinnerPerVersion() throws Exception {
        CopilotConversationStore store = store();
        String key = newKey();
        store.putIfAbsent(CopilotConversationEntry.started(key, "c-0", T0), null);
        CopilotConversationEntry expected = store.get(key).orElseThrow();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CopilotConversationEntry replacement = CopilotConversationEntry.started(key, "c-" + (i + 1), T0);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.replace(expected, replacement, null);
                }));
            }
            start.countDown();
            long won = 0;
            for (Future<Boolean> result : results) {
                won += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            CopilotConversationEntry stored = store.get(key).orElseThrow();
            assertThat(stored.version()).isEqualTo(1);
            assertThat(stored.conversationId()).isNotEqualTo("c-0");
        } finally {
            pool.shutdownNow();
        }
    }
}
