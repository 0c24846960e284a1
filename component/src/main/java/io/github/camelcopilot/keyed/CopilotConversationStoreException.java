package io.github.camelcopilot.keyed;

import io.github.camelcopilot.client.CopilotException;
import org.apache.camel.Exchange;

/**
 * The conversation store failed (or kept changing under a key) before the message was sent: nothing reached Copilot,
 * so the message can be retried safely.
 */
public class CopilotConversationStoreException extends CopilotException {

    public CopilotConversationStoreException(String message, Exchange exchange, Throwable cause) {
        super(message, exchange, cause);
    }
}
