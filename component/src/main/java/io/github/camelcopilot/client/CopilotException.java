package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * A failed Copilot call. Carries what Microsoft support asks for (request-id and client-request-id) and what a
 * route needs to decide what to do next: the HTTP status (0 when no response arrived), the Graph error code and,
 * for throttling and unavailability, how long the service asked to wait; and whether the service may have processed
 * the request although the call failed ({@link #isPossiblyProcessed()}).
 * <p>
 * Messages never contain tokens, secrets or prompt text.
 */
public class CopilotException extends CamelExchangeException {

    private final int statusCode;
    private final String errorCode;
    private final String requestId;
    private final String clientRequestId;
    private final Duration retryAfter;
    private final boolean possiblyProcessed;

    public CopilotException(String message, Exchange exchange, Throwable cause) {
        this(message, exchange, cause, 0, null, null, null, null);
    }

    public CopilotException(String message, Exchange exchange, Throwable cause, int statusCode, String errorCode,
                            String requestId, String clientRequestId, Duration retryAfter) {
        this(message, exchange, cause, statusCode, errorCode, requestId, clientRequestId, retryAfter, false);
    }

    public CopilotException(String message, Exchange exchange, Throwable cause, int statusCode, String errorCode,
                            String requestId, String clientRequestId, Duration retryAfter,
                            boolean possiblyProcessed) {
        super(message, exchange, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.clientRequestId = clientRequestId;
        this.retryAfter = retryAfter;
        this.possiblyProcessed = possiblyProcessed;
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

    /**
     * True when the request reached the service and the call failed without learning what the service did with it:
     * a 504, the connection lost after the request was sent, no response in time, or a response that arrived but
     * could not be used. The service may have processed it (added the turn, created the conversation), so sending
     * it again may send the turn twice: the route decides. The component retries such failures on its own only for
     * createConversation, or when {@code retryPossiblyProcessed=true}.
     */
    public boolean isPossiblyProcessed() {
        return possiblyProcessed;
    }
}
