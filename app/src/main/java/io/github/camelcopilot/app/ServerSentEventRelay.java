package io.github.camelcopilot.app;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.camelcopilot.model.CopilotAttribution;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotConversationMessage;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Relays a {@code chatOverStream} iterator to the HTTP client of a platform-http route as server-sent events, one
 * event per update, written and flushed as each update arrives.
 * <p>
 * It writes to the Vert.x response itself because platform-http sends an InputStream body in 16 KB reads, which
 * would hold a whole answer back. It runs on the thread that continued the route after the component (an HTTP
 * client thread, never the Vert.x event loop), so waiting for the next update blocks no event loop.
 */
public final class ServerSentEventRelay {

    /** Where {@link #prepare} keeps the HTTP response for {@link #relay}. */
    static final String RESPONSE = "CopilotServerSentEventResponse";

    private ServerSentEventRelay() {
    }

    /**
     * Keeps the Vert.x response of the request, before the route replaces the platform-http message: call it as the
     * route's first step.
     */
    public static void prepare(Exchange exchange) {
        HttpMessage request = exchange.getIn(HttpMessage.class);
        if (request == null) {
            throw new IllegalStateException("ServerSentEventRelay works in platform-http (Vert.x) routes only");
        }
        exchange.setProperty(RESPONSE, request.getResponse());
    }

    /** What a relayed stream ended with: the conversation, the final text and its attributions (null if cut short). */
    record Relayed(String conversationId, String text, List<CopilotAttribution> attributions) {
    }

    /**
     * Writes every update, then ends the response; stops early when the client goes away. The last event also
     * carries the whole text and the reply's attributions, so a page can link its citation markers.
     */
    public static Relayed relay(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        Iterator<?> updates = exchange.getMessage().getMandatoryBody(Iterator.class);
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        if (response == null) {
            throw new IllegalStateException("Call ServerSentEventRelay.prepare as the route's first step");
        }
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .setChunked(true);
        Relayed relayed = null;
        while (!response.closed() && updates.hasNext()) {
            CopilotStreamUpdate update = (CopilotStreamUpdate) updates.next();
            List<CopilotAttribution> attributions = update.isLast() ? attributions(update) : null;
            response.write(event(update, attributions));
            if (update.isLast()) {
                relayed = new Relayed(update.getConversationId(), update.getText(), attributions);
            }
        }
        if (!response.closed()) {
            response.end();
        }
        // The exchange then completes, which closes the Copilot stream even when the client left early.
        return relayed;
    }

    private static String event(CopilotStreamUpdate update, List<CopilotAttribution> attributions)
            throws JsonProcessingException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("delta", update.getDelta());
        data.put("replacement", update.isReplacement());
        data.put("last", update.isLast());
        data.put("conversationId", update.getConversationId());
        if (attributions != null) {
            data.put("text", update.getText());
            data.put("attributions", attributions);
        }
        return "data: " + CopilotJson.mapper().writeValueAsString(data) + "\n\n";
    }

    /** The attributions of the reply in the final snapshot (the last message that is not the prompt's echo). */
    private static List<CopilotAttribution> attributions(CopilotStreamUpdate update) {
        CopilotConversation conversation = update.getConversation();
        if (conversation == null || conversation.getMessages() == null || conversation.getMessages().isEmpty()) {
            return List.of();
        }
        CopilotConversationMessage reply = conversation.getMessages().get(conversation.getMessages().size() - 1);
        return reply.getAttributions() == null ? List.of() : reply.getAttributions();
    }
}
