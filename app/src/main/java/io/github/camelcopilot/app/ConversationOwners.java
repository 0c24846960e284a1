package io.github.camelcopilot.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which caller each conversation started over HTTP belongs to, and its turns so far (so the page can show a
 * conversation again): a caller continues and reads only conversations of its own. Conversation ids the app never
 * saw answer as unknown. Bounded: beyond {@link #MAX_CONVERSATIONS} the least recently used are forgotten, and with
 * them the right to continue them over HTTP.
 */
final class ConversationOwners {

    static final int MAX_CONVERSATIONS = 10_000;
    static final int MAX_TURNS_KEPT = 50;

    /** One question and its answer, with the attributions the page shows as links. */
    record Turn(String prompt, String reply, List<?> attributions) {
    }

    private record Conversation(String owner, List<Turn> turns) {
    }

    private final Map<String, Conversation> conversations = new LinkedHashMap<>(16, 0.75f, true);

    /** Whether {@code principal} may continue or read {@code conversationId}. */
    synchronized boolean isOwner(String conversationId, String principal) {
        Conversation conversation = conversations.get(conversationId);
        return conversation != null && conversation.owner().equals(principal);
    }

    /** Records a turn, taking ownership of a conversation the app has not seen before. */
    synchronized void record(String conversationId, String principal, Turn turn) {
        Conversation conversation = conversations.computeIfAbsent(conversationId,
                id -> new Conversation(principal, new ArrayList<>()));
        if (!conversation.owner().equals(principal)) {
            throw new IllegalStateException("conversation belongs to another caller");
        }
        conversation.turns().add(turn);
        if (conversation.turns().size() > MAX_TURNS_KEPT) {
            conversation.turns().remove(0);
        }
        while (conversations.size() > MAX_CONVERSATIONS) {
            conversations.remove(conversations.keySet().iterator().next());
        }
    }

    /** The turns of a conversation of {@code principal}'s; empty for anyone else's or an unknown one. */
    synchronized Optional<List<Turn>> turns(String conversationId, String principal) {
        return isOwner(conversationId, principal)
                ? Optional.of(List.copyOf(conversations.get(conversationId).turns())) : Optional.empty();
    }
}
