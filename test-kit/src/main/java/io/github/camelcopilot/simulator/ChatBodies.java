package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validation of request bodies, with the checks the real service makes. A chat body is bound to the chat request's
 * shape (below), so a property of the wrong type makes it "not a valid chat request" and unknown properties are
 * ignored; Jackson's own coercions decide what a property may hold (a number where text is expected is read as it is
 * spelled, an object whose only property is a string may be given as that string).
 */
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
        ChatRequest request = parse(body);
        String text = request.message == null ? null : request.message.text;
        if (text == null || text.isBlank()) {
            throw new InvalidBody("The property 'message.text' is required and must not be empty.");
        }
        String timeZone = request.locationHint == null ? null : request.locationHint.timeZone;
        if (timeZone == null || timeZone.isBlank()) {
            throw new InvalidBody("The property 'locationHint.timeZone' is required.");
        }
        // Windows names such as "Pacific Standard Time" are refused: only IANA names are accepted.
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw new InvalidBody("Invalid time zone '" + timeZone
                                  + "'. Use an IANA time zone name such as 'America/Los_Angeles'.");
        }
        return text;
    }

    /** Create takes {@code {}}; an empty body is let through, anything that is not a JSON object is not. */
    static void checkCreateBody(String body) throws InvalidBody {
        if (body.isBlank()) {
            return;
        }
        try {
            JsonNode node = SimulatorJson.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidBody("The request body must be a JSON object.");
            }
        } catch (IOException e) {
            throw new InvalidBody("The request body is not valid JSON.");
        }
    }

    private static ChatRequest parse(String body) throws InvalidBody {
        if (body.isBlank()) {
            throw new InvalidBody("The request body is empty; a chat request is required.");
        }
        try {
            ChatRequest request = SimulatorJson.mapper().readValue(body, ChatRequest.class);
            if (request == null) {
                throw new InvalidBody("The request body must be a JSON object.");
            }
            return request;
        } catch (IOException e) {
            throw new InvalidBody("The request body is not a valid chat request.");
        }
    }

    // The chat request's shape, as the API reference gives it. Single-value constructors take the shorthand forms.

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ChatRequest {
        public Message message;
        public LocationHint locationHint;
        public List<ContextItem> additionalContext;
        public ContextualResources contextualResources;
        public ResponseOptions responseOptions;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Message {
        public String text;

        public Message() {
        }

        public Message(String text) {
            this.text = text;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class LocationHint {
        public String timeZone;
        public String countryOrRegion;
        public Double countryOrRegionConfidence;
        public Double latitude;
        public Double longitude;

        public LocationHint() {
        }

        public LocationHint(String timeZone) {
            this.timeZone = timeZone;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ContextItem {
        public String text;
        public String description;

        public ContextItem() {
        }

        public ContextItem(String text) {
            this.text = text;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ContextualResources {
        public List<FileReference> files;
        public WebContext webContext;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class FileReference {
        public String uri;

        public FileReference() {
        }

        public FileReference(String uri) {
            this.uri = uri;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class WebContext {
        @JsonProperty("isWebEnabled")
        public Boolean webEnabled;

        public WebContext() {
        }

        public WebContext(Boolean webEnabled) {
            this.webEnabled = webEnabled;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ResponseOptions {
        @JsonProperty("isAdaptiveCardEnabled")
        public Boolean adaptiveCardEnabled;
        @JsonProperty("isAnnotationsEnabled")
        public Boolean annotationsEnabled;
        @JsonProperty("isDeltaStreamingEnabled")
        public Boolean deltaStreamingEnabled;
    }
}
