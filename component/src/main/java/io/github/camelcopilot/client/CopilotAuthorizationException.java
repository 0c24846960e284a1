package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/** HTTP 403: the caller may not use Copilot (no Microsoft 365 Copilot licence, consent missing for the seven delegated permissions, an app-only token, or conditional access). */
public class CopilotAuthorizationException extends CopilotException {

    public CopilotAuthorizationException(String message, Exchange exchange, int statusCode, String errorCode, String requestId,
            String clientRequestId, Duration retryAfter) {
        super(message, exchange, null, statusCode, errorCode, requestId, clientRequestId, retryAfter);
    }
}
