package io.github.camelcopilot.simulator;

import java.time.Instant;
import java.util.UUID;

/**
 * The server-side state of one conversation: what create made, how many turns chat calls have added, whether Copilot
 * has disengaged from it, and when it was last used (for expiry).
 */
final class SimulatedConversation {

    static final String STATE_ACTIVE = "active";
    static final String STATE_DISENGAGED = "disengagedForRai";

    private final String id = UUID.randomUUID().toString();
    private final Instant createdAt = Instant.now();
    private String displayName = "";
    private int turnCount;
    private String state = STATE_ACTIVE;
    private Instant lastUsed = createdAt;

    String id() {
        return id;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized String displayName() {
        return displayName;
    }

    synchronized int turnCount() {
        return turnCount;
    }

    synchronized String state() {
        return state;
    }

    synchronized Instant lastUsed() {
        return lastUsed;
    }

    /**
     * Adds a turn for {@code prompt}: the first prompt becomes the display name and stays it. A prompt holding
     * {@link SimulatorReplies#DISENGAGE_TRIGGER} gets its reply in state {@code disengagedForRai}, and the conversation
     * stays so. Null when the conversation is disengaged already: it takes no more turns.
     */
    synchronized Turn addTurn(String prompt) {
        if (STATE_DISENGAGED.equals(state)) {
            return null;
        }
        turnCount++;
        lastUsed = Instant.now();
        if (displayName.isEmpty()) {
            displayName = SimulatorReplies.displayNameFor(prompt);
        }
        if (prompt.contains(SimulatorReplies.DISENGAGE_TRIGGER)) {
            state = STATE_DISENGAGED;
        }
        return new Turn(id, createdAt, displayName, state, turnCount, prompt,
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), lastUsed);
    }

    /**
     * Everything the answer to one chat or stream call is rendered from, fixed when the turn starts.
     *
     * @param promptMessageId the id of the prompt echo
     * @param replyMessageId  the id of the reply, the same on every stream event of the turn
     * @param startedAt       the messages' {@code createdDateTime}
     */
    record Turn(String conversationId, Instant conversationCreatedAt, String displayName, String state, int turnCount,
            String prompt, String promptMessageId, String replyMessageId, Instant startedAt) {

        String replyText() {
            return SimulatorReplies.replyFor(prompt);
        }
    }
}
