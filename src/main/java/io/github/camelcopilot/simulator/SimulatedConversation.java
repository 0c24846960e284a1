package io.github.camelcopilot.simulator;

import java.time.Instant;
import java.util.UUID;

/** The server-side state of one conversation: what create made and how many turns chat calls have added. */
final class SimulatedConversation {

    static final String STATE_ACTIVE = "active";

    private final String id = UUID.randomUUID().toString();
    private final Instant createdAt = Instant.now();
    private String displayName = "";
    private int turnCount;

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

    /** Adds a turn for {@code prompt}: the first prompt becomes the display name and stays it. */
    synchronized Turn addTurn(String prompt) {
        turnCount++;
        if (displayName.isEmpty()) {
            displayName = SimulatorReplies.displayNameFor(prompt);
        }
        return new Turn(id, createdAt, displayName, STATE_ACTIVE, turnCount, prompt,
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), Instant.now());
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
