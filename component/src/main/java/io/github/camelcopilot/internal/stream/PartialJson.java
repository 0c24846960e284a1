package io.github.camelcopilot.internal.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads as much of a broken JSON document as is well formed, closing whatever was left open, for stream events whose
 * JSON the service split across lines. Only whole scalars are kept (Jackson yields a string only once it is read to
 * its end), so nothing recovered is a cut-off value.
 */
final class PartialJson {

    private PartialJson() {
    }

    /** The readable prefix of {@code json} as a tree, or null when not even the first object opened. */
    static JsonNode readPrefix(ObjectMapper mapper, String json) {
        JsonNodeFactory nodes = mapper.getNodeFactory();
        Deque<JsonNode> open = new ArrayDeque<>();
        JsonNode root = null;
        String field = null;
        try (JsonParser parser = mapper.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonNode value;
                switch (token) {
                    case FIELD_NAME -> {
                        field = parser.currentName();
                        continue;
                    }
                    case START_OBJECT -> value = nodes.objectNode();
                    case START_ARRAY -> value = nodes.arrayNode();
                    case END_OBJECT, END_ARRAY -> {
                        open.pop();
                        if (open.isEmpty()) {
                            return root;
                        }
                        continue;
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        // A number running up to the very end may have lost digits: keep it out.
                        long end = parser.currentTokenLocation().getCharOffset() + parser.getTextLength();
                        if (end >= json.length()) {
                            return root;
                        }
                        value = mapper.readTree(parser);
                    }
                    default -> value = mapper.readTree(parser);
                }
                if (open.isEmpty()) {
                    if (!value.isContainerNode()) {
                        return null;
                    }
                    root = value;
                } else if (open.peek() instanceof ObjectNode object) {
                    object.set(field, value);
                } else {
                    ((ArrayNode) open.peek()).add(value);
                }
                if (value.isContainerNode()) {
                    open.push(value);
                }
            }
        } catch (IOException e) {
            // expected: the document is broken; keep what was read before the break
        }
        return root;
    }
}
