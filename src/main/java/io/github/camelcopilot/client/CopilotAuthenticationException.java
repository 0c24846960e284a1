package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/** HTTP 401: the token was missing, expired, not a delegated user token, or for another audience. */
public class CopilotAuthenticationException extends CopilotException {

    public CopilotAuthenticationException(String message, Exchange exchange, int statusCode, String errorCode, String requestId,
            String clientRequestId, Duration retryAfter) {
        super(message, exchange, null, statusCode, errorCode, requestId, clientRequestId, retryAfter);
    }
}
