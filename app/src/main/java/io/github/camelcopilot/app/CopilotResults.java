package io.github.camelcopilot.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelcopilot.component.CopilotConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Turns a chat result into the JSON document the example routes hand on (file outbox, HTTP answer). */
public final class CopilotResults {

    private CopilotResults() {
    }

    /**
     * Conversation id, turn, reply, attributions and the ids support asks for, in a stable order; with a conversation
     * key also the key, whether this message started its conversation and the conversation it replaced.
     */
    public static Map<String, Object> summary(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("conversationId", message.getHeader(CopilotConstants.CONVERSATION_ID));
        result.put("turn", message.getHeader(CopilotConstants.TURN_COUNT));
        result.put("reply", message.getBody(String.class));
        Object attributions = message.getHeader(CopilotConstants.ATTRIBUTIONS);
        result.put("attributions", attributions == null ? List.of() : attributions);
        result.put("requestId", message.getHeader(CopilotConstants.REQUEST_ID));
        String key = message.getHeader(CopilotConstants.CONVERSATION_KEY, String.class);
        if (key != null && !key.isBlank()) {
            result.put("conversationKey", key);
            result.put("conversationStarted", message.getHeader(CopilotConstants.CONVERSATION_STARTED));
            Object previous = message.getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID);
            if (previous != null) {
                result.put("previousConversationId", previous);
            }
        }
        return result;
    }
}
