package io.github.camelcopilot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The conversation a business key continues, as a store holds it.
 *
 * @param key            the business key (a ticket, a mail thread, a customer)
 * @param conversationId the Copilot conversation the key's messages go to
 * @param created        when this conversation was recorded for the key
 * @param lastUsed       when the key's last turn ended (or the conversation was recorded)
 * @param turnCount      the conversation's turn count as the service last reported it
 * @param state          the conversation's state as the service last reported it ({@code active},
 *                       {@code disengagedForRai}, ...)
 * @param version        the store's version of the entry, for compare-and-set: 0 when first stored, one more on
 *                       every successful {@link CopilotConversationStore#replace replace}
 */
public record CopilotConversationEntry(String key, String conversationId, Instant created, Instant lastUsed,
        int turnCount, String state, long version) {

    public static final String ACTIVE = "active";
    /** Copilot closed the conversation for responsible-AI reasons: it refuses further chats. */
    public static final String DISENGAGED_FOR_RAI = "disengagedForRai";

    public CopilotConversationEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUsed, "lastUsed");
        state = state == null ? ACTIVE : state;
    }

    /** A conversation just recorded for a key: no turn yet, active, version 0. */
    public static CopilotConversationEntry started(String key, String conversationId, Instant now) {
        return new CopilotConversationEntry(key, conversationId, now, now, 0, ACTIVE, 0);
    }

    /** This entry after a turn that left the conversation with {@code turnCount} turns in {@code state}. */
    public CopilotConversationEntry afterTurn(Instant now, int turnCount, String state) {
        return new CopilotConversationEntry(key, conversationId, created, now, turnCount, state, version);
    }

    /** The same entry with another version. */
    public CopilotConversationEntry withVersion(long newVersion) {
        return new CopilotConversationEntry(key, conversationId, created, lastUsed, turnCount, state, newVersion);
    }

    /** Whether Copilot disengaged from the conversation (it refuses further chats). */
    public boolean isDisengaged() {
        return DISENGAGED_FOR_RAI.equals(state);
    }
}
