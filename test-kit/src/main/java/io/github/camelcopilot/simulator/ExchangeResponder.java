package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Sends the answer to one exchange, with the headers Graph puts on every response: a fresh {@code request-id} and the
 * caller's {@code client-request-id} (or a fresh one).
 */
final class ExchangeResponder {

    /** What Graph sends as the content type of resources. */
    static final String GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;"
                                     + "IEEE754Compatible=false;charset=utf-8";

    private final HttpExchange exchange;
    private final String requestId = UUID.randomUUID().toString();
    private final String clientRequestId;
    private Runnable onAnswered = () -> { };
    private boolean answered;

    ExchangeResponder(HttpExchange exchange) {
        this.exchange = exchange;
        String sent = exchange.getRequestHeaders().getFirst("client-request-id");
        this.clientRequestId = sent == null || sent.isBlank() ? UUID.randomUUID().toString() : sent;
        exchange.getResponseHeaders().set("request-id", requestId);
        exchange.getResponseHeaders().set("client-request-id", clientRequestId);
    }

    /** Runs {@code callback} once, when the answer is about to complete (see {@link #answered()}). */
    void onAnswered(Runnable callback) {
        this.onAnswered = callback;
    }

    /**
     * The request is as good as answered: its response is about to be sent, its stream about to end, or the client has
     * given up on it. Runs the callback once; the response methods call it themselves.
     */
    void answered() {
        if (!answered) {
            answered = true;
            onAnswered.run();
        }
    }

    ExchangeResponder header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
        return this;
    }

    void json(int status, JsonNode body) throws IOException {
        send(status, GRAPH_JSON, SimulatorJson.mapper().writeValueAsBytes(body));
    }

    void graphError(int status, String message) throws IOException {
        graphError(status, GraphErrors.codeFor(status), message);
    }

    void graphError(int status, String code, String message) throws IOException {
        byte[] body = SimulatorJson.mapper().writeValueAsBytes(
                GraphErrors.body(status, code, message, requestId, clientRequestId));
        send(status, "application/json", body);
    }

    void html(int status) throws IOException {
        send(status, "text/html", GraphErrors.htmlPage(status).getBytes(StandardCharsets.UTF_8));
    }

    void empty(int status) throws IOException {
        answered();
        exchange.sendResponseHeaders(status, -1);
    }

    /** Starts a chunked {@code text/event-stream} answer; the caller writes and flushes the events. */
    OutputStream eventStream() throws IOException {
        header("Content-Type", "text/event-stream");
        header("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private void send(int status, String contentType, byte[] body) throws IOException {
        answered();
        header("Content-Type", contentType);
        // A length of 0 would mean "chunked" to HttpServer; -1 is its "no body".
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
