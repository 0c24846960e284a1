package io.github.camelcopilot.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conversations the simulator knows, shared by both path layouts. A conversation can expire (it is then unknown:
 * 404) by an explicit {@link #expire(String)} or after an idle time, and the store notes how many turns of one
 * conversation were ever answered at the same time.
 */
final class ConversationStore {

    private final Map<String, SimulatedConversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turnsInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxConcurrentTurns = new AtomicInteger();
    private volatile Duration idleExpiry;

    SimulatedConversation create() {
        SimulatedConversation conversation = new SimulatedConversation();
        conversations.put(conversation.id(), conversation);
        return conversation;
    }

    /** The conversation, or empty when it never existed or has expired. */
    Optional<SimulatedConversation> find(String id) {
        SimulatedConversation conversation = conversations.get(id);
        Duration expiry = idleExpiry;
        if (conversation != null && expiry != null
            && !Instant.now().isBefore(conversation.lastUsed().plus(expiry))) {
            conversations.remove(id, conversation);
            return Optional.empty();
        }
        return Optional.ofNullable(conversation);
    }

    /** Forgets a conversation, as the service does when one expires; true when it existed. */
    boolean expire(String id) {
        return conversations.remove(id) != null;
    }

    /** Conversations idle this long expire; null: never. */
    void idleExpiry(Duration expiry) {
        this.idleExpiry = expiry;
    }

    /** A chat or stream call for {@code id} began; pair with {@link #turnEnded(String)}. */
    void turnStarted(String id) {
        int now = turnsInFlight.computeIfAbsent(id, ignored -> new AtomicInteger()).incrementAndGet();
        maxConcurrentTurns.accumulateAndGet(now, Math::max);
    }

    void turnEnded(String id) {
        turnsInFlight.computeIfPresent(id, (ignored, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    /** The most chat or stream calls ever in progress at once for one conversation. */
    int maxConcurrentTurns() {
        return maxConcurrentTurns.get();
    }

    int size() {
        return conversations.size();
    }

    void clear() {
        conversations.clear();
        turnsInFlight.clear();
        maxConcurrentTurns.set(0);
        idleExpiry = null;
    }
}
