package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/** HTTP 404: the conversation does not exist (or no longer does), or the base URL points at the wrong path. */
public class CopilotNotFoundException extends CopilotException {

    public CopilotNotFoundException(String message, Exchange exchange, int statusCode, String errorCode, String requestId,
            String clientRequestId, Duration retryAfter) {
        super(message, exchange, null, statusCode, errorCode, requestId, clientRequestId, retryAfter);
    }
}
