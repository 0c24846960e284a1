package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotAuthorizationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNotFoundException;
import io.github.camelcopilot.client.CopilotThrottledException;
import io.github.camelcopilot.client.FailureKind;

import java.io.IOException;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.GraphError;
import org.apache.camel.Exchange;

/** Maps an unsuccessful response to the exception a route can act on, with a message a person can act on. */
final class GraphErrors {

    private static final String FORBIDDEN_CAUSES = "Likely causes: the user has no Microsoft 365 Copilot licence;"
            + " admin consent is missing for the seven delegated permissions (Sites.Read.All, Mail.Read,"
            + " People.Read.All, OnlineMeetingTranscript.Read.All, Chat.Read, ChannelMessage.Read.All,"
            + " ExternalItem.Read.All); the token is an app-only token (the API takes delegated user tokens only); or"
            + " conditional access refused the sign-in.";
    private static final int MAX_SERVICE_MESSAGE = 300;

    private final ObjectMapper mapper;

    GraphErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The exception for an unsuccessful response: its type by the status, its message from the body.
     *
     * @param requestId the response's {@code request-id} header; when missing, the body's is taken
     * @param more      adds what the caller knows (client-request-id, attempts, ...)
     */
    CopilotException toException(String action, int status, String contentType, byte[] body, String requestId,
                                 Exchange exchange, UnaryOperator<CopilotException.Builder> more) {
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
        CopilotException.Builder built = more.apply(CopilotException.builder(message.toString(), exchange)
                .status(status).errorCode(code).ids(requestId, null).kind(FailureKinds.ofStatus(status))
                .remedy(switch (status) {
                    case 401 -> ". The access token was refused: it is missing, expired, app-only, or not issued for"
                                + " this API's audience.";
                    case 403 -> ". " + FORBIDDEN_CAUSES;
                    case 404 -> ". The conversation does not exist, or the base URL is wrong.";
                    case 429 -> ". Throttled: wait before sending more.";
                    default -> "";
                }));
        return switch (status) {
            case 401 -> built.build(CopilotAuthenticationException::new);
            case 403 -> built.build(CopilotAuthorizationException::new);
            case 404 -> built.build(CopilotNotFoundException::new);
            case 429 -> built.build(CopilotThrottledException::new);
            default -> built.build();
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
