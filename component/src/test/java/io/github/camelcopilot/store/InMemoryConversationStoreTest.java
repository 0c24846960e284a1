package io.github.camelcopilot.store;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryConversationStoreTest extends ConversationStoreContract {

    private final MutableClock clock = new MutableClock();
    private final InMemoryConversationStore store = new InMemoryConversationStore(1_000, clock);

    @Override
    protected CopilotConversationStore store() {
        return store;
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void beyondItsBoundTheKeyUsedLeastRecentlyIsForgotten() {
        InMemoryConversationStore small = new InMemoryConversationStore(2, clock);
        Instant now = clock.instant();
        small.putIfAbsent(CopilotConversationEntry.started("a", "c-a", now), null);
        small.putIfAbsent(CopilotConversationEntry.started("b", "c-b", now), null);
        small.get("a"); // a is now the more recently used
        small.putIfAbsent(CopilotConversationEntry.started("c", "c-c", now), null);

        assertThat(small.get("a")).isPresent();
        assertThat(small.get("b")).isEmpty();
        assertThat(small.get("c")).isPresent();
    }

    @Test
    void callsDoNotBlock() {
        assertThat(store.isBlocking()).isFalse();
    }
}
