package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotJson;

/** Validation of request bodies, with the checks the real service makes. */
final class ChatBodies {

    /** A body the service would refuse with 400; the message says why. */
    static final class InvalidBody extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidBody(String message) {
            super(message, null, false, false);
        }
    }

    private ChatBodies() {
    }

    /** The prompt of a valid chat body: {@code message.text} non-blank and {@code locationHint.timeZone} an IANA id. */
    static String promptOf(String body) throws InvalidBody {
        CopilotChatRequest request = parse(body);
        if (request.getMessage() == null || request.getMessage().getText() == null
            || request.getMessage().getText().isBlank()) {
            throw new InvalidBody("The property 'message.text' is required and must not be empty.");
        }
        if (request.getLocationHint() == null || request.getLocationHint().getTimeZone() == null
            || request.getLocationHint().getTimeZone().isBlank()) {
            throw new InvalidBody("The property 'locationHint.timeZone' is required.");
        }
        String timeZone = request.getLocationHint().getTimeZone();
        // Windows names such as "Pacific Standard Time" are refused: only IANA names are accepted.
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw new InvalidBody("Invalid time zone '" + timeZone
                                  + "'. Use an IANA time zone name such as 'America/Los_Angeles'.");
        }
        return request.getMessage().getText();
    }

    /** Create takes {@code {}}; an empty body is let through, anything that is not a JSON object is not. */
    static void checkCreateBody(String body) throws InvalidBody {
        if (body.isBlank()) {
            return;
        }
        try {
            JsonNode node = CopilotJson.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidBody("The request body must be a JSON object.");
            }
        } catch (IOException e) {
            throw new InvalidBody("The request body is not valid JSON.");
        }
    }

    private static CopilotChatRequest parse(String body) throws InvalidBody {
        if (body.isBlank()) {
            throw new InvalidBody("The request body is empty; a chat request is required.");
        }
        try {
            CopilotChatRequest request = CopilotJson.mapper().readValue(body, CopilotChatRequest.class);
            if (request == null) {
                throw new InvalidBody("The request body must be a JSON object.");
            }
            return request;
        } catch (IOException e) {
            throw new InvalidBody("The request body is not a valid chat request.");
        }
    }
}
