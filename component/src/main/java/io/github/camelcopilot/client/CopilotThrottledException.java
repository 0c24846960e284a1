package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/** HTTP 429 that outlasted the retries: wait {@link #getRetryAfter()} before trying again. */
public class CopilotThrottledException extends CopilotException {

    public CopilotThrottledException(String message, Exchange exchange, int statusCode, String errorCode, String requestId,
            String clientRequestId, Duration retryAfter) {
        super(message, exchange, null, statusCode, errorCode, requestId, clientRequestId, retryAfter);
    }
}
