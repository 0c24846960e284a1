package io.github.camelcopilot.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The conversations the simulator knows, shared by both path layouts. */
final class ConversationStore {

    private final Map<String, SimulatedConversation> conversations = new ConcurrentHashMap<>();

    SimulatedConversation create() {
        SimulatedConversation conversation = new SimulatedConversation();
        conversations.put(conversation.id(), conversation);
        return conversation;
    }

    Optional<SimulatedConversation> find(String id) {
        return Optional.ofNullable(conversations.get(id));
    }

    int size() {
        return conversations.size();
    }

    void clear() {
        conversations.clear();
    }
}
