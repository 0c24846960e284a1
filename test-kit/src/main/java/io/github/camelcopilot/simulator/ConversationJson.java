package io.github.camelcopilot.simulator;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders {@code copilotConversation} resources as JSON trees. Trees rather than bound classes because the wire shape
 * needs explicit nulls (such as {@code agentId} and the all-null sensitivity label), Graph's seven-digit timestamps
 * and a fixed property order (the reply's {@code text} before its {@code adaptiveCards}, which a malformed final
 * event relies on).
 */
final class ConversationJson {

    /** The type every message of a conversation carries, prompt echo and reply alike. */
    static final String MESSAGE_ODATA_TYPE = "#microsoft.graph.copilotConversationResponseMessage";

    private static final ObjectMapper MAPPER = SimulatorJson.mapper();

    /** {@code http://127.0.0.1:<port>}: the {@code @odata.context} URLs point back at the simulator. */
    private final String origin;

    ConversationJson(String origin) {
        this.origin = origin;
    }

    /** The answer to create: an empty conversation. */
    ObjectNode created(ApiRoute.Layout layout, SimulatedConversation conversation) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("@odata.context", origin + layout.base + "/$metadata#" + layout.entitySet + "/$entity");
        node.put("id", conversation.id());
        node.put("createdDateTime", GraphTime.resource(conversation.createdAt()));
        node.put("displayName", "");
        node.put("state", SimulatedConversation.STATE_ACTIVE);
        node.put("turnCount", 0);
        node.putArray("messages");
        return node;
    }

    /** The answer to chat, and the final event of a stream: the prompt echo and the complete reply. */
    ObjectNode completedTurn(ApiRoute.Layout layout, SimulatedConversation.Turn turn, JsonNode adaptiveCard) {
        ObjectNode node = conversation(layout, turn, turn.displayName(), turn.conversationCreatedAt());
        ArrayNode messages = node.putArray("messages");
        messages.add(promptEcho(turn));
        messages.add(reply(turn, turn.replyText(), adaptiveCard));
        return node;
    }

    /** An intermediate stream event: no messages, or only the reply so far ({@code replyText} null for none). */
    ObjectNode intermediate(ApiRoute.Layout layout, SimulatedConversation.Turn turn, Instant eventTime,
            String replyText) {
        ObjectNode node = conversation(layout, turn, SimulatorReplies.INTERMEDIATE_DISPLAY_NAME, eventTime);
        ArrayNode messages = node.putArray("messages");
        if (replyText != null) {
            messages.add(reply(turn, replyText, null));
        }
        return node;
    }

    /** The empty card real replies carry. */
    static JsonNode emptyCard() {
        return MAPPER.createObjectNode();
    }

    /** A complete adaptive card showing the reply, as seen in Microsoft's capture of a final event. */
    static JsonNode fullCard(String replyText) {
        ObjectNode card = MAPPER.createObjectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", "1.5");
        ObjectNode textBlock = card.putArray("body").addObject();
        textBlock.put("type", "TextBlock");
        textBlock.put("text", replyText);
        textBlock.put("wrap", true);
        return card;
    }

    private ObjectNode conversation(ApiRoute.Layout layout, SimulatedConversation.Turn turn, String displayName,
            Instant createdDateTime) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("@odata.context", origin + layout.base + "/$metadata#microsoft.graph.copilotConversation");
        node.put("id", turn.conversationId());
        node.put("createdDateTime", GraphTime.resource(createdDateTime));
        node.put("displayName", displayName);
        node.put("state", turn.state());
        node.put("turnCount", turn.turnCount());
        node.putNull("agentId");
        return node;
    }

    private static ObjectNode promptEcho(SimulatedConversation.Turn turn) {
        ObjectNode echo = message(turn.promptMessageId(), turn.prompt(), turn.startedAt());
        echo.putArray("adaptiveCards");
        echo.putArray("attributions");
        echo.set("sensitivityLabel", noSensitivityLabel());
        return echo;
    }

    /** The reply; {@code adaptiveCard} null for none (intermediate events), the citation once its marker is there. */
    private static ObjectNode reply(SimulatedConversation.Turn turn, String text, JsonNode adaptiveCard) {
        ObjectNode reply = message(turn.replyMessageId(), text, turn.startedAt());
        ArrayNode cards = reply.putArray("adaptiveCards");
        if (adaptiveCard != null) {
            cards.add(adaptiveCard);
        }
        ArrayNode attributions = reply.putArray("attributions");
        if (text.contains(SimulatorReplies.CITATION_MARKER)) {
            attributions.add(citation());
        }
        reply.set("sensitivityLabel", noSensitivityLabel());
        return reply;
    }

    private static ObjectNode message(String id, String text, Instant createdDateTime) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("@odata.type", MESSAGE_ODATA_TYPE);
        message.put("id", id);
        message.put("text", text);
        message.put("createdDateTime", GraphTime.resource(createdDateTime));
        return message;
    }

    private static ObjectNode citation() {
        ObjectNode citation = MAPPER.createObjectNode();
        citation.put("attributionType", "citation");
        citation.put("providerDisplayName", SimulatorReplies.CITATION_PROVIDER);
        citation.put("attributionSource", "grounding");
        citation.put("seeMoreWebUrl", SimulatorReplies.CITATION_URL);
        // Real citations carry these image fields empty.
        citation.put("imageWebUrl", "");
        citation.put("imageFavIcon", "");
        citation.put("imageWidth", 0);
        citation.put("imageHeight", 0);
        return citation;
    }

    /** Always present on replies, every field null when no label applies. */
    private static ObjectNode noSensitivityLabel() {
        ObjectNode label = MAPPER.createObjectNode();
        for (String field : new String[] {"sensitivityLabelId", "displayName", "tooltip", "priority", "color",
                "isEncrypted"}) {
            label.putNull(field);
        }
        return label;
    }
}
