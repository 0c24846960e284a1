package io.github.camelcopilot.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the conversation of each business key, for the component's {@code conversationKey}. Its operations are those
 * of Camel's {@code KeyValueRepository} (get, put-if-absent with a time to live, compare-and-set replace), so
 * that an adapter onto one is a single class.
 * <p>
 * The calls are blocking and must be safe to call from many threads. The component never calls a store whose
 * {@link #isBlocking()} is true on a route's or an HTTP client's thread: it runs those calls on a small pool of its own.
 * An expired entry behaves as if it were absent.
 */
public interface CopilotConversationStore {

    /** The key's entry, or empty when it has none (or it expired). */
    Optional<CopilotConversationEntry> get(String key);

    /**
     * Stores {@code entry} (as version 0) unless its key already has an entry; atomic, also across processes sharing
     * the store.
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
