package io.github.camelcopilot.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the conversation of each business key, for the component's {@code conversationKey}. Calls must be safe from
 * many threads; a {@link #isBlocking() blocking} store is called on a pool of the component's, never on a route's or
 * an HTTP client's thread. An expired entry behaves as if it were absent.
 */
public interface CopilotConversationStore {

    /** The key's entry, or empty when it has none (or it expired). */
    Optional<CopilotConversationEntry> get(String key);

    /**
     * Stores {@code entry} (as version 0) unless its key already has an entry; atomic, also across processes.
     *
     * @param timeToLive how long the entry lives after this write; null for as long as the store keeps entries
     * @return empty when {@code entry} was stored, otherwise the entry the key already had
     */
    Optional<CopilotConversationEntry> putIfAbsent(CopilotConversationEntry entry, Duration timeToLive);

    /**
     * Replaces the key's entry with {@code replacement} only if the stored entry still has {@code expected}'s
     * conversation id and version (compare-and-set); the stored entry then has version {@code expected.version() + 1}.
     *
     * @param timeToLive how long the entry lives after this write; null for as long as the store keeps entries
     * @return whether the entry was replaced
     */
    boolean replace(CopilotConversationEntry expected, CopilotConversationEntry replacement, Duration timeToLive);

    /** Whether the calls can block (on I/O); false lets the component call them on any thread. */
    default boolean isBlocking() {
        return true;
    }
}
