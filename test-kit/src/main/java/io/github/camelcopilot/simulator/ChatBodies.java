package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validation of request bodies, with the checks the real service makes. Chat bodies are read as trees; the fields of
 * the chat request are checked for the shapes its JSON binding accepts (a property of the wrong type makes the body
 * "not a valid chat request", unknown properties are ignored).
 */
final class ChatBodies {

    /** A body the service would refuse with 400; the message says why. */
    static final class InvalidBody extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidBody(String message) {
            super(message, null, false, false);
        }
    }

    /** What a property of the chat request may hold; a missing property and JSON null are always accepted. */
    @FunctionalInterface
    private interface Shape {
        boolean accepts(JsonNode present);
    }

    private static final Set<String> FLAG_WORDS = Set.of("", "true", "True", "TRUE", "false", "False", "FALSE",
            "null");

    /** A string property: any scalar is read as its text, objects and arrays are refused. */
    private static final Shape TEXT = JsonNode::isValueNode;
    /** A number property: a number, or a string that is blank, "null", a decimal number or a special value. */
    private static final Shape DECIMAL = node -> node.isNumber()
                                                 || node.isTextual() && isDecimalText(node.asText().trim());
    private static final Pattern DECIMAL_TEXT = Pattern.compile(
            "|null|NaN|[+-]?(Infinity|INF)|[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** A yes/no property: a boolean, an integer, or a string that is empty, "true", "false" or "null". */
    private static final Shape FLAG = node -> node.isBoolean() || node.isIntegralNumber()
                                              || node.isTextual() && FLAG_WORDS.contains(node.asText().trim());

    /** Objects whose only property is a string may be given as that string ({@code "message": "Hi"}). */
    private static final Shape MESSAGE = object(JsonNode::isTextual, Map.of("text", TEXT));
    private static final Shape LOCATION_HINT = object(JsonNode::isTextual, Map.of(
            "timeZone", TEXT, "countryOrRegion", TEXT, "countryOrRegionConfidence", DECIMAL,
            "latitude", DECIMAL, "longitude", DECIMAL));
    private static final Shape CONTEXT_ITEM = object(JsonNode::isTextual, Map.of("text", TEXT, "description", TEXT));
    private static final Shape FILE_REFERENCE = object(JsonNode::isTextual, Map.of("uri", TEXT));
    /** Web grounding may be given as the bare flag ({@code "webContext": true}), also as a string. */
    private static final Shape WEB_CONTEXT = object(node -> node.isBoolean() || node.isTextual()
                                                    && Set.of("true", "false").contains(node.asText().trim()),
            Map.of("isWebEnabled", FLAG));
    private static final Shape CHAT_REQUEST = object(node -> false, Map.of(
            "message", MESSAGE,
            "locationHint", LOCATION_HINT,
            "additionalContext", list(CONTEXT_ITEM),
            "contextualResources", object(node -> false, Map.of("files", list(FILE_REFERENCE),
                    "webContext", WEB_CONTEXT)),
            "responseOptions", object(node -> false, Map.of("isAdaptiveCardEnabled", FLAG,
                    "isAnnotationsEnabled", FLAG, "isDeltaStreamingEnabled", FLAG))));

    private ChatBodies() {
    }

    /** The prompt of a valid chat body: {@code message.text} non-blank and {@code locationHint.timeZone} an IANA id. */
    static String promptOf(String body) throws InvalidBody {
        JsonNode request = parse(body);
        String text = textOf(body, request, "message", "text");
        if (text == null || text.isBlank()) {
            throw new InvalidBody("The property 'message.text' is required and must not be empty.");
        }
        String timeZone = textOf(body, request, "locationHint", "timeZone");
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

    /** A chat body as a tree: an object whose known properties have shapes the service accepts. */
    private static JsonNode parse(String body) throws InvalidBody {
        if (body.isBlank()) {
            throw new InvalidBody("The request body is empty; a chat request is required.");
        }
        JsonNode request;
        try {
            request = SimulatorJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new InvalidBody("The request body is not a valid chat request.");
        }
        if (request == null || request.isNull()) {
            throw new InvalidBody("The request body must be a JSON object.");
        }
        if (!request.isObject() || !CHAT_REQUEST.accepts(request)) {
            throw new InvalidBody("The request body is not a valid chat request.");
        }
        return request;
    }

    /**
     * The text of {@code request.holder.property}, or of {@code request.holder} itself when given as a string; null
     * when absent. A number is read as it is spelled in the body ({@code 1.50} stays "1.50"), which a tree forgets.
     */
    private static String textOf(String body, JsonNode request, String holder, String property) throws InvalidBody {
        JsonNode object = request.get(holder);
        if (object == null || object.isNull()) {
            return null;
        }
        if (object.isTextual()) {
            return object.asText();
        }
        JsonNode value = object.get(property);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? spelling(body, JsonPointer.compile("/" + holder + "/" + property)) : value.asText();
    }

    /** The source text of the last scalar at {@code pointer}: the one the tree holds, later duplicates winning. */
    private static String spelling(String body, JsonPointer pointer) throws InvalidBody {
        String text = null;
        try (JsonParser parser = SimulatorJson.mapper().createParser(body)) {
            parser.nextToken(); // the body's object, whose end brings the parser back to the root
            for (JsonToken token = parser.nextToken(); token != null && !parser.getParsingContext().inRoot();
                    token = parser.nextToken()) {
                if (token.isScalarValue() && pointer.equals(parser.getParsingContext().pathAsPointer())) {
                    text = parser.getText();
                }
            }
        } catch (IOException e) {
            throw new InvalidBody("The request body is not a valid chat request.");
        }
        return text;
    }

    private static Shape object(Shape shorthand, Map<String, Shape> properties) {
        return node -> {
            if (!node.isObject()) {
                return shorthand.accepts(node);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Shape shape = properties.get(field.getKey());
                if (shape != null && !field.getValue().isNull() && !shape.accepts(field.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Shape list(Shape element) {
        return node -> {
            if (!node.isArray()) {
                return false;
            }
            for (JsonNode item : node) {
                if (!item.isNull() && !element.accepts(item)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean isDecimalText(String text) {
        return DECIMAL_TEXT.matcher(text).matches();
    }
}
