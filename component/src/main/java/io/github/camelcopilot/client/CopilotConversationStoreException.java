package io.github.camelcopilot.client;

import org.apache.camel.Exchange;

/**
 * The conversation store failed (or kept changing under a key) before the message was sent: nothing reached Copilot,
 * so the message can be retried safely.
 */
public class CopilotConversationStoreException extends CopilotException {

    public CopilotConversationStoreException(Builder built) {
        super(built.kind(FailureKind.NOT_SENT));
    }

    /** The store failed with {@code cause}. */
    public static CopilotConversationStoreException of(String message, Exchange exchange, Throwable cause) {
        return builder(message, exchange).cause(cause).build(CopilotConversationStoreException::new);
    }
}
