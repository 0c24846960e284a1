package io.github.camelcopilot.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The component's default store: in this JVM only, bounded and with expiry. Beyond {@code maxEntries} keys the key
 * used least recently is forgotten (its next message starts a new conversation).
 */
public final class InMemoryConversationStore implements CopilotConversationStore {

    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Stored> entries;

    private record Stored(CopilotConversationEntry entry, Instant expiresAt) {
    }

    public InMemoryConversationStore() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public InMemoryConversationStore(int maxEntries) {
        this(maxEntries, Clock.systemUTC());
    }

    public InMemoryConversationStore(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
        // Access order: the eldest entry is the key used least recently, the one to forget when full.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
                return size() > InMemoryConversationStore.this.maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<CopilotConversationEntry> get(String key) {
        return Optional.ofNullable(live(key)).map(Stored::entry);
    }

    @Override
    public synchronized Optional<CopilotConversationEntry> putIfAbsent(CopilotConversationEntry entry,
                                                                       Duration timeToLive) {
        Stored current = live(entry.key());
        if (current != null) {
            return Optional.of(current.entry());
        }
        entries.put(entry.key(), new Stored(entry.withVersion(0), expiry(timeToLive)));
        return Optional.empty();
    }

    @Override
    public synchronized boolean replace(CopilotConversationEntry expected, CopilotConversationEntry replacement,
                                        Duration timeToLive) {
        Stored current = live(expected.key());
        if (current == null || !current.entry().conversationId().equals(expected.conversationId())
            || current.entry().version() != expected.version()) {
            return false;
        }
        entries.put(expected.key(), new Stored(replacement.withVersion(expected.version() + 1), expiry(timeToLive)));
        return true;
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    private Stored live(String key) {
        Stored stored = entries.get(key);
        if (stored != null && stored.expiresAt() != null && !clock.instant().isBefore(stored.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return stored;
    }

    private Instant expiry(Duration timeToLive) {
        return timeToLive == null || timeToLive.isZero() || timeToLive.isNegative()
                ? null : clock.instant().plus(timeToLive);
    }

    @Override
    public String toString() {
        return "InMemoryConversationStore[maxEntries=" + maxEntries + "]";
    }
}
