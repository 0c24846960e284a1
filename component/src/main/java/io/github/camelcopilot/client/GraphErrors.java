package io.github.camelcopilot.client;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.GraphError;
import org.apache.camel.Exchange;

/** Maps an unsuccessful response to the exception a route can act on, with a message a person can act on. */
final class GraphErrors {

    static final String FORBIDDEN_CAUSES = "Likely causes: the user has no Microsoft 365 Copilot licence; admin consent"
                                           + " is missing for the seven delegated permissions (Sites.Read.All, Mail.Read,"
                                           + " People.Read.All, OnlineMeetingTranscript.Read.All, Chat.Read,"
                                           + " ChannelMessage.Read.All, ExternalItem.Read.All); the token is an app-only"
                                           + " token (the API takes delegated user tokens only); or conditional access"
                                           + " refused the sign-in.";
    private static final int MAX_SERVICE_MESSAGE = 300;

    private final ObjectMapper mapper;

    GraphErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    CopilotException toException(String action, int status, String contentType, byte[] body, String requestId,
                                 String clientRequestId, Duration retryAfter, int attempts, Exchange exchange) {
        return toException(action, status, contentType, body, requestId, clientRequestId, retryAfter, attempts,
                exchange, null);
    }

    /**
     * As above; with a {@code possiblyProcessed} sentence (for a 504) the exception says that the service may have
     * acted on the request, and {@link CopilotException#isPossiblyProcessed()} is true.
     */
    CopilotException toException(String action, int status, String contentType, byte[] body, String requestId,
                                 String clientRequestId, Duration retryAfter, int attempts, Exchange exchange,
                                 String possiblyProcessed) {
        GraphError.Detail error = parse(body);
        String code = error == null ? null : error.getCode();
        if (requestId == null && error != null && error.getInnerError() != null) {
            requestId = error.getInnerError().getRequestId();
        }
        StringBuilder message = new StringBuilder(action).append(" failed: HTTP ").append(status);
        if (code != null) {
            message.append(' ').append(code);
        }
        if (error != null && error.getMessage() != null && !error.getMessage().isBlank()) {
            String text = error.getMessage().strip();
            message.append(": ").append(text.length() > MAX_SERVICE_MESSAGE
                    ? text.substring(0, MAX_SERVICE_MESSAGE) + "..." : text);
        } else if (body.length == 0) {
            message.append(" with an empty body");
        } else if (error == null) {
            message.append(" with a body that is not a Graph error (")
                    .append(contentType == null ? "no content type" : contentType).append(", ")
                    .append(body.length).append(" bytes): probably a gateway or proxy error page");
        }
        message.append(" [request-id=").append(requestId).append(", client-request-id=").append(clientRequestId);
        if (attempts > 1) {
            message.append(", attempts=").append(attempts);
        }
        if (retryAfter != null) {
            message.append(", retry-after=").append(retryAfter.toMillis()).append(" ms");
        }
        message.append(']');
        switch (status) {
            case 401 -> message.append(". The access token was refused: it is missing, expired, app-only, or not"
                                       + " issued for this API's audience.");
            case 403 -> message.append(". ").append(FORBIDDEN_CAUSES);
            case 404 -> message.append(". The conversation does not exist, or the base URL is wrong.");
            case 429 -> message.append(". Throttled: wait before sending more.");
            default -> {
            }
        }
        if (possiblyProcessed != null) {
            message.append("; ").append(possiblyProcessed);
        }
        String text = message.toString();
        return switch (status) {
            case 401 -> new CopilotAuthenticationException(text, exchange, status, code, requestId, clientRequestId, retryAfter);
            case 403 -> new CopilotAuthorizationException(text, exchange, status, code, requestId, clientRequestId, retryAfter);
            case 404 -> new CopilotNotFoundException(text, exchange, status, code, requestId, clientRequestId, retryAfter);
            case 429 -> new CopilotThrottledException(text, exchange, status, code, requestId, clientRequestId, retryAfter);
            default -> new CopilotException(text, exchange, null, status, code, requestId, clientRequestId, retryAfter,
                    possiblyProcessed != null);
        };
    }

    /** The Graph error in the body, or null when the body is empty, not JSON, or not shaped like one. */
    private GraphError.Detail parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            GraphError parsed = mapper.readValue(body, GraphError.class);
            return parsed == null ? null : parsed.getError();
        } catch (IOException notJson) {
            return null;
        }
    }
}
