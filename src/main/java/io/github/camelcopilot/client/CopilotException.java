package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * A failed Copilot call. Carries what Microsoft support asks for (request-id and client-request-id) and what a
 * route needs to decide what to do next: the HTTP status (0 when no response arrived), the Graph error code and,
 * for throttling and unavailability, how long the service asked to wait.
 * <p>
 * Messages never contain tokens, secrets or prompt text.
 */
public class CopilotException extends CamelExchangeException {

    private final int statusCode;
    private final String errorCode;
    private final String requestId;
    private final String clientRequestId;
    private final Duration retryAfter;

    public CopilotException(String message, Exchange exchange, Throwable cause) {
        this(message, exchange, cause, 0, null, null, null, null);
    }

    public CopilotException(String message, Exchange exchange, Throwable cause, int statusCode, String errorCode,
                            String requestId, String clientRequestId, Duration retryAfter) {
        super(message, exchange, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.clientRequestId = clientRequestId;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when the call failed before a response (connection, timeout, invalid input). */
    public int getStatusCode() {
        return statusCode;
    }

    /** Graph's {@code error.code}, or null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The service's {@code request-id}, or null. */
    public String getRequestId() {
        return requestId;
    }

    /** The {@code client-request-id} this connector sent with the failed request, or null. */
    public String getClientRequestId() {
        return clientRequestId;
    }

    /** The wait the service asked for with {@code Retry-After} (429, 503), or null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }
}
