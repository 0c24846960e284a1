package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * HTTP 401: the token was missing, expired, not a delegated user token, or for another audience; or no token could be
 * acquired (status 0), the sign-in failure being the cause (a {@code CopilotSignInException} for the built-in modes,
 * so that a route's {@code onException} can match it and read {@code isSignInRequired()}).
 */
public class CopilotAuthenticationException extends CopilotException {

    public CopilotAuthenticationException(String message, Exchange exchange, int statusCode, String errorCode, String requestId,
            String clientRequestId, Duration retryAfter) {
        super(message, exchange, null, statusCode, errorCode, requestId, clientRequestId, retryAfter);
    }

    /** No token could be acquired: the provider's failure is kept as the cause. */
    public CopilotAuthenticationException(String message, Exchange exchange, Throwable cause) {
        super(message, exchange, cause, 0, null, null, null, null);
    }
}
