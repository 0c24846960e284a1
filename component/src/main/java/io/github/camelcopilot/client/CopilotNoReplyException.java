package io.github.camelcopilot.client;

import io.github.camelcopilot.model.CopilotConversation;

/**
 * The service answered a chat without a reply: the response holds only the prompt echo, or no message at all. Seen
 * when responsible-AI filtering closes the conversation ({@link #getConversationState()} {@code disengagedForRai}):
 * start a new conversation then. The echo is never passed off as the answer. The service did take the turn, so
 * {@link #isPossiblyProcessed()} is true: sending it again adds another.
 */
public class CopilotNoReplyException extends CopilotException {

    private final String conversationId;
    private final String conversationState;

    public CopilotNoReplyException(Builder built, String conversationId, String conversationState) {
        super(built.kind(FailureKind.ANSWERED_UNUSABLE));
        this.conversationId = conversationId;
        this.conversationState = conversationState;
    }

    /** The conversation that gave no reply, or null when the response did not say. */
    public String getConversationId() {
        return conversationId;
    }

    /** True when responsible-AI filtering closed the conversation: it takes no further chat. */
    public boolean isDisengagedForRai() {
        return CopilotConversation.STATE_DISENGAGED_FOR_RAI.equals(conversationState);
    }

    /** The conversation's {@code state} in the response, such as {@code disengagedForRai}, or null. */
    public String getConversationState() {
        return conversationState;
    }
}
