package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Answers every request the simulator receives. The checks run in a fixed order: route (404), injected fault, token
 * (401), method (405), content type (415), body (400), conversation (404), disengaged conversation (400), then the
 * operation itself. A fault is taken
 * before anything changes state, so a reset or an error status never creates a conversation or adds a turn.
 */
final class SimulatorHandler implements HttpHandler {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+(\\S+)\\s*");

    private final ConversationStore conversations;
    private final SimulatorFaults faults;
    private final RequestLog requestLog;
    private final SimulatorSettings settings;
    private final ConversationJson json;
    private final SimulatedEntra entra;
    private final EntraHandler entraHandler;

    SimulatorHandler(ConversationStore conversations, SimulatorFaults faults, RequestLog requestLog,
            SimulatorSettings settings, ConversationJson json, SimulatedEntra entra, EntraHandler entraHandler) {
        this.entra = entra;
        this.entraHandler = entraHandler;
        this.conversations = conversations;
        this.faults = faults;
        this.requestLog = requestLog;
        this.settings = settings;
        this.json = json;
    }

    /**
     * An {@link IOException} thrown from here (a deliberate {@link ConnectionAbort} or a client that went away) makes
     * HttpServer close the connection without completing the response.
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (EntraHandler.handles(exchange.getRequestURI().getPath())) {
            // Sign-in traffic is counted by SimulatedEntra, not recorded with the API's requests.
            entraHandler.handle(exchange);
            exchange.close();
            return;
        }
        RecordedRequest request = record(exchange);
        ExchangeResponder responder = new ExchangeResponder(exchange);
        // A turn lasts from the request's arrival (latency included) until its answer is about to reach the client.
        String turnOf = ApiRoute.of(request.path()).map(ApiRoute::conversationId).orElse(null);
        if (turnOf != null) {
            conversations.turnStarted(turnOf);
            responder.onAnswered(() -> conversations.turnEnded(turnOf));
        }
        try {
            answer(request, responder);
        } catch (RuntimeException e) {
            // A simulator bug: say so like Graph would, rather than leaving the client guessing.
            if (exchange.getResponseCode() != -1) {
                throw new ConnectionAbort("simulator failure after the response started: " + e);
            }
            responder.graphError(500, "Simulator failure: " + e);
        } finally {
            responder.answered();
        }
        exchange.close();
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(), body, Instant.now());
        requestLog.add(request);
        return request;
    }

    private void answer(RecordedRequest request, ExchangeResponder responder) throws IOException {
        Pauses.sleep(faults.latency());

        Optional<ApiRoute> found = ApiRoute.of(request.path());
        if (found.isEmpty()) {
            responder.graphError(404, "Resource not found for the segment '" + lastSegment(request.path()) + "'.");
            return;
        }
        ApiRoute route = found.get();

        Fault.Kind streamFault = null;
        Fault fault = faults.take(route.operation());
        if (fault != null) {
            faults.recordApplied(new AppliedFault(fault, route.operation(), request, Instant.now()));
            switch (fault.kind()) {
                case HANG -> {
                    // The client's timeout ends its turn, not the hang.
                    responder.answered();
                    Pauses.sleep(fault.duration());
                }
                case CONNECTION_RESET -> throw new ConnectionAbort("connection reset fault");
                case TRUNCATED_STREAM, MALFORMED_FINAL_EVENT -> streamFault = fault.kind();
                default -> {
                    answerWithStatus(fault, responder);
                    return;
                }
            }
        }

        if (!authorized(request, route, responder)) {
            return;
        }
        // After the token check, so that a GET (the component's health probe) with a refused token is a 401 and
        // with a good one a 405.
        if (!"POST".equals(request.method())) {
            responder.header("Allow", "POST")
                    .graphError(405, "The HTTP method '" + request.method() + "' is not allowed on this resource.");
            return;
        }
        if (!request.body().isEmpty() && !isJson(request.header("content-type"))) {
            responder.graphError(415, "The request's Content-Type must be application/json.");
            return;
        }
        try {
            switch (route.operation()) {
                case CREATE -> create(route, request, responder);
                case CHAT -> chat(route, request, responder);
                case STREAM -> stream(route, request, responder, streamFault);
                default -> throw new IllegalStateException("not an operation: " + route.operation());
            }
        } catch (ChatBodies.InvalidBody e) {
            responder.graphError(400, e.getMessage());
        }
    }

    private void create(ApiRoute route, RecordedRequest request, ExchangeResponder responder)
            throws IOException, ChatBodies.InvalidBody {
        ChatBodies.checkCreateBody(request.body());
        responder.json(201, json.created(route.layout(), conversations.create()));
    }

    private void chat(ApiRoute route, RecordedRequest request, ExchangeResponder responder)
            throws IOException, ChatBodies.InvalidBody {
        Optional<SimulatedConversation.Turn> turn = addTurn(route, request, responder);
        if (turn.isEmpty()) {
            return;
        }
        responder.json(200, json.completedTurn(route.layout(), turn.get(), ConversationJson.emptyCard()));
    }

    /** The new turn of the addressed conversation, or empty after answering 404 for an unknown one. */
    private Optional<SimulatedConversation.Turn> addTurn(ApiRoute route, RecordedRequest request,
                                                         ExchangeResponder responder)
            throws IOException, ChatBodies.InvalidBody {
        String prompt = ChatBodies.promptOf(request.body());
        Optional<SimulatedConversation> conversation = conversations.find(route.conversationId());
        if (conversation.isEmpty()) {
            conversationNotFound(route, responder);
            return Optional.empty();
        }
        SimulatedConversation.Turn turn = conversation.get().addTurn(prompt);
        if (turn == null) {
            // The real service's status for this is undocumented; the simulator refuses with a Graph 400.
            responder.graphError(400, "BadRequest", "Conversation '" + route.conversationId() + "' was disengaged"
                                                    + " (disengagedForRai) and accepts no further chat requests.");
            return Optional.empty();
        }
        return Optional.of(turn);
    }

    private void stream(ApiRoute route, RecordedRequest request, ExchangeResponder responder, Fault.Kind streamFault)
            throws IOException, ChatBodies.InvalidBody {
        Optional<SimulatedConversation.Turn> turn = addTurn(route, request, responder);
        if (turn.isEmpty()) {
            return;
        }
        // Not try-with-resources: closing the stream after a deliberate abort would end it cleanly, hiding the fault.
        OutputStream out = responder.eventStream();
        new EventStreamWriter(json, settings.streamEventDelay()).write(out, route.layout(), turn.get(), streamFault);
        responder.answered();
        out.close();
    }

    private static void conversationNotFound(ApiRoute route, ExchangeResponder responder) throws IOException {
        responder.graphError(404, "Conversation '" + route.conversationId() + "' was not found.");
    }

    /**
     * Accepts the configured static tokens and the simulated Entra's own unexpired delegated tokens for this API's
     * audience; refuses app-only tokens with 403 and everything else with 401, like the real service.
     */
    private boolean authorized(RecordedRequest request, ApiRoute route, ExchangeResponder responder)
            throws IOException {
        String authorization = request.header("authorization");
        String problem;
        if (authorization == null || authorization.isBlank()) {
            problem = "Access token is empty.";
        } else {
            Matcher bearer = BEARER.matcher(authorization);
            if (!bearer.matches()) {
                problem = "Access token is missing or not a bearer token.";
            } else if (settings.acceptedTokens().contains(bearer.group(1))) {
                return true;
            } else {
                String audience = route.layout() == ApiRoute.Layout.WORK_IQ
                        ? SimulatedEntra.WORK_IQ_AUDIENCE : SimulatedEntra.GRAPH_AUDIENCE;
                switch (entra.check(bearer.group(1), audience)) {
                    case VALID -> {
                        return true;
                    }
                    case APP_ONLY -> {
                        responder.graphError(403, "Forbidden", "Application permissions are not supported for this"
                                                               + " API: it requires a delegated (user) token.");
                        return false;
                    }
                    case EXPIRED -> problem = "Lifetime validation failed, the token is expired.";
                    case WRONG_AUDIENCE -> problem = "Invalid audience.";
                    default -> problem = "Access token validation failure. Invalid audience or signature.";
                }
            }
        }
        responder.header("WWW-Authenticate", "Bearer realm=\"\", authorization_uri="
                                               + "\"https://login.microsoftonline.com/common/oauth2/authorize\"")
                .graphError(401, "InvalidAuthenticationToken", problem);
        return false;
    }

    private static void answerWithStatus(Fault fault, ExchangeResponder responder) throws IOException {
        if (fault.retryAfter() != null) {
            responder.header("Retry-After", fault.retryAfter());
        }
        switch (fault.kind()) {
            case STATUS_GRAPH_ERROR -> responder.graphError(fault.status(), GraphErrors.messageFor(fault.status()));
            case STATUS_HTML -> responder.html(fault.status());
            case STATUS_EMPTY -> responder.empty(fault.status());
            default -> throw new IllegalStateException("not a status fault: " + fault);
        }
    }

    /** {@code application/json}, with or without parameters such as {@code charset}. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
