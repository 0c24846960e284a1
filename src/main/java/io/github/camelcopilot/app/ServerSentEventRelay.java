package io.github.camelcopilot.app;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    /** Writes every update, then ends the response; stops early when the client goes away. */
    public static void relay(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        Iterator<?> updates = exchange.getMessage().getMandatoryBody(Iterator.class);
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        if (response == null) {
            throw new IllegalStateException("Call ServerSentEventRelay.prepare as the route's first step");
        }
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .setChunked(true);
        while (!response.closed() && updates.hasNext()) {
            response.write(event((CopilotStreamUpdate) updates.next()));
        }
        if (!response.closed()) {
            response.end();
        }
        // The exchange then completes, which closes the Copilot stream even when the client left early.
    }

    private static String event(CopilotStreamUpdate update) throws JsonProcessingException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("delta", update.getDelta());
        data.put("replacement", update.isReplacement());
        data.put("last", update.isLast());
        data.put("conversationId", update.getConversationId());
        return "data: " + CopilotJson.mapper().writeValueAsString(data) + "\n\n";
    }
}
