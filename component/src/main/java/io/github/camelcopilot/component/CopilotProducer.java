package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;
import io.github.camelcopilot.internal.client.AccessTokens;
import io.github.camelcopilot.internal.client.CopilotCall;
import io.github.camelcopilot.internal.client.CopilotCallGroup;
import io.github.camelcopilot.internal.client.CopilotHttpClient;
import io.github.camelcopilot.client.CopilotInvalidInputException;
import io.github.camelcopilot.internal.client.CopilotResponse;
import io.github.camelcopilot.internal.keyed.KeyedConversations;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotConversationMessage;
import io.github.camelcopilot.internal.observe.CallObservation;
import io.github.camelcopilot.internal.observe.ObservedOperation;
import io.github.camelcopilot.internal.observe.ObservedTokens;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the three operations share: reading the call's settings from headers and options, starting the call without
 * blocking, and mapping the outcome onto the exchange. No thread waits in between; when the outcome is in, the route
 * continues on a thread of the component's route pool (or the one the executorService option names).
 */
abstract class CopilotProducer extends DefaultAsyncProducer {

    /**
     * One line per conversation started and per answer, for people following an app's log: ids, turn and time
     * taken, never prompt or reply text. Its own category so that embedding applications can turn it down.
     */
    static final Logger ACTIVITY = LoggerFactory.getLogger("io.github.camelcopilot.activity");
    /** The exchange property remembering the conversation this exchange created, for its redeliveries. */
    static final String CREATED_CONVERSATION = "CamelCopilotCreatedConversationId";
    /** The conversation a key resolved to: an id header equal to it was set by the key, not by the route. */
    static final String KEYED_CONVERSATION = "CamelCopilotKeyedConversationId";
    /** Why a route's calls end early, when it stops or is removed. */
    static final String ROUTE_STOPPED = "the route of the call was stopped";

    protected final CopilotEndpoint endpoint;
    protected final CopilotHttpClient client;
    private final ChatRequestFactory requests;
    /** The routes this producer has served (one, unless a template shares it): their stop ends their calls. */
    private final Set<String> routes = ConcurrentHashMap.newKeySet();

    CopilotProducer(CopilotEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.client = endpoint.client();
        this.requests = new ChatRequestFactory(endpoint.getConfiguration());
    }

    /**
     * Camel stops a route's producers once its graceful wait for in-flight exchanges is over (or at once, when the
     * route is removed): the calls the route still has (waiting for a token, a retry, a response, the rest of a
     * stream, or their key's turn) fail now instead of running into a stopped route minutes later. Camel also stops
     * producers it evicts from a dynamic endpoint's cache ({@code toD}) while their route runs on: their calls go on.
     * When Camel itself stops, the component's stop, which follows, fails what is left, saying so.
     */
    @Override
    protected void doStop() throws Exception {
        CamelContext context = getEndpoint().getCamelContext();
        if (!context.isStopping()) {
            for (String routeId : routes) {
                // A route stops its consumer before its producers; an eviction leaves the consumer running.
                Route route = context.getRoute(routeId);
                boolean consuming = route != null && route.getConsumer() instanceof StatefulService consumer
                                    && consumer.isStarted();
                if (!consuming) {
                    endpoint.getComponent().routeStopped(routeId, ROUTE_STOPPED);
                }
            }
        }
        super.doStop();
    }

    /** What the exchange's route has under way, which the route's stop ends. */
    private CopilotCallGroup calls(Exchange exchange) {
        Route route = exchange.getUnitOfWork() == null ? null : exchange.getUnitOfWork().getRoute();
        String routeId = route != null ? route.getRouteId() : exchange.getFromRouteId();
        if (routeId != null) {
            routes.add(routeId);
        }
        return endpoint.getComponent().callsOf(routeId);
    }

    /**
     * Where the route continues after the call: never the thread that completed it (the HTTP client's, the
     * scheduler's or a token provider's), where a blocking step downstream would stall every other call.
     */
    protected Executor continuation() {
        return endpoint.routeExecutor();
    }

    /** Starts the operation; the future completes when the exchange holds its result. */
    protected abstract CompletableFuture<Void> start(Exchange exchange) throws Exception;

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Void> done;
        try {
            done = start(exchange);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (done.isDone()) {
            complete(exchange, done);
            callback.done(true);
            return true;
        }
        Executor continuation = continuation();
        done.whenComplete((ignored, error) -> CopilotThreads.execute(continuation, () -> {
            complete(exchange, done);
            callback.done(false);
        }));
        return false;
    }

    private static void complete(Exchange exchange, CompletableFuture<Void> done) {
        try {
            done.join();
        } catch (CompletionException e) {
            exchange.setException(e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
    }

    /** The settings of a call for this exchange, observed (its listener is a {@link CallObservation}). */
    protected CopilotCall call(Exchange exchange, CopilotOperation operation, AccessTokens token,
                               Duration responseTimeout, String timeoutOption) {
        CopilotConfiguration config = endpoint.getConfiguration();
        CallObservation observation = endpoint.getComponent().observability().call(exchange,
                ObservedOperation.valueOf(operation.name()), endpoint.meters(), config.isPropagateTraceContext(),
                config.isTraceContent());
        // The wait for a token is bounded by requestTimeout for every operation, chatOverStream too.
        return new CopilotCall("Copilot " + operation.name(), endpoint.conversationsUrl(), token,
                endpoint.retryPolicy(), responseTimeout, timeoutOption, config.getMaxResponseSize(), exchange,
                requestTimeout(), calls(exchange), observation);
    }

    /** One exchange's chat turn (chat, chatOverStream), everything checked before the first byte goes out. */
    record Turn(Exchange exchange, byte[] request, String conversationId, String key, AccessTokens token,
                CopilotCall call, long started) {
        CallObservation observed() {
            return (CallObservation) call.listener();
        }
    }

    protected Turn turn(Exchange exchange, Duration responseTimeout, String timeoutOption) throws Exception {
        byte[] request = requests.create(exchange);
        String key = conversationKey(exchange);
        String conversationId = conversationId(exchange, key != null);
        AccessTokens token = tokenFor(exchange);
        CopilotCall call = call(exchange, endpoint.getOperation(), token, responseTimeout, timeoutOption);
        return new Turn(exchange, request, conversationId, conversationId == null ? key : null, token, call,
                System.nanoTime());
    }

    /**
     * Where this exchange's access token comes from. The token and user assertion headers are taken off the message
     * here, so that they do not travel further down the route (or into logs of the message).
     */
    protected AccessTokens tokenFor(Exchange exchange) throws CopilotInvalidInputException {
        Message message = exchange.getMessage();
        String headerToken = message.removeHeader(CopilotConstants.ACCESS_TOKEN) instanceof String s ? s : null;
        String assertion = message.removeHeader(CopilotConstants.USER_ASSERTION) instanceof String s ? s : null;
        if (ObjectHelper.isNotEmpty(headerToken)) {
            return new ObservedTokens(CopilotEndpoint.fixedToken(headerToken.trim()), null, "accessToken",
                    endpoint.meters());
        }
        CopilotTokenProvider provider = endpoint.tokenProvider();
        if (provider == null) {
            throw CopilotInvalidInputException.of("No access token: set the accessToken option, send the"
                                                  + " CamelCopilotAccessToken header, or configure a tokenProvider",
                    exchange);
        }
        boolean onBehalfOf = endpoint.authMode() == CopilotAuthMode.onBehalfOf;
        if (onBehalfOf && ObjectHelper.isEmpty(assertion)) {
            throw CopilotInvalidInputException.of("authMode onBehalfOf needs the caller's user token in the"
                                                  + " CamelCopilotUserAssertion header", exchange);
        }
        CopilotTokenRequest request = new CopilotTokenRequest(endpoint.scopes(), onBehalfOf ? assertion.trim() : null);
        return new ObservedTokens(provider, request, endpoint.authMode() == null ? "provider"
                : endpoint.authMode().name(), endpoint.meters());
    }

    protected Duration requestTimeout() {
        return Duration.ofMillis(endpoint.getConfiguration().getRequestTimeout());
    }

    /**
     * The conversation to continue: header first, then the endpoint's option; null when none (with a conversation key,
     * the key then decides). A header that an earlier keyed step of this exchange set is not an explicit id.
     */
    private String conversationId(Exchange exchange, boolean keyed) throws CopilotInvalidInputException {
        String id = exchange.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
        if (id != null && keyed && id.equals(exchange.getProperty(KEYED_CONVERSATION))) {
            id = null;
        }
        if (id == null) {
            id = endpoint.getConfiguration().getConversationId();
        }
        if (id == null && !keyed) {
            // A redelivery of an exchange that already created a conversation (its headers possibly reset to the
            // original message) continues that conversation instead of starting another one.
            id = exchange.getProperty(CREATED_CONVERSATION, String.class);
        }
        String problem = id == null ? null : InputChecks.checkConversationId(id);
        if (problem != null) {
            throw ChatRequestFactory.invalid(exchange, problem);
        }
        return id;
    }

    /** The business key of this message (header, then option), or null when it has none. */
    private String conversationKey(Exchange exchange) {
        String key = exchange.getMessage().getHeader(CopilotConstants.CONVERSATION_KEY, String.class);
        if (ObjectHelper.isEmpty(key)) {
            key = endpoint.getConfiguration().getConversationKey();
        }
        return ObjectHelper.isEmpty(key) ? null : key.trim();
    }

    /**
     * Runs {@code send} in the turn's conversation: the key's, whose turn is over when {@code turnOver} completes, or
     * the one by id (created first when none). With a key the conversation's headers are set before {@code send}, so
     * that a failure reports them too.
     */
    protected <T> CompletableFuture<Void> inConversation(Turn turn, Function<String, CompletableFuture<T>> send,
                                                         Function<T, CompletionStage<CopilotConversation>> turnOver) {
        Exchange exchange = turn.exchange();
        if (turn.key() == null) {
            return conversationIdOrCreate(turn).thenCompose(send).thenAccept(ignored -> {
            });
        }
        return endpoint.keyedConversations().turn(exchange, turn.key(), turn.call().group(),
                () -> createConversation(exchange, turn.token()), chosen -> {
                    Message message = exchange.getMessage();
                    message.setHeader(CopilotConstants.CONVERSATION_ID, chosen.id());
                    exchange.setProperty(KEYED_CONVERSATION, chosen.id());
                    message.setHeader(CopilotConstants.CONVERSATION_STARTED, chosen.started());
                    if (chosen.previousId() != null) {
                        message.setHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID, chosen.previousId());
                    } else {
                        message.removeHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID);
                    }
                    return send.apply(chosen.id())
                            .thenApply(sent -> new KeyedConversations.Sent(turnOver.apply(sent)));
                });
    }

    private CompletableFuture<String> conversationIdOrCreate(Turn turn) {
        if (turn.conversationId() != null) {
            return CompletableFuture.completedFuture(turn.conversationId());
        }
        Exchange exchange = turn.exchange();
        return createConversation(exchange, turn.token()).thenApply(created -> {
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, created);
            exchange.setProperty(CREATED_CONVERSATION, created);
            return created;
        });
    }

    /** Creates a conversation; completes with its id. */
    private CompletableFuture<String> createConversation(Exchange exchange, AccessTokens token) {
        CopilotCall create = call(exchange, CopilotOperation.createConversation, token, requestTimeout(),
                "requestTimeout");
        long started = System.nanoTime();
        return client.createConversation(create).thenApply(response -> {
            logStarted(response, started);
            String created = response.body().getId();
            String problem = InputChecks.checkConversationId(created);
            if (problem != null) {
                throw new CompletionException(CopilotInvalidInputException.of(
                        "Copilot createConversation returned an unusable id: " + problem, exchange));
            }
            return created;
        });
    }

    static void logStarted(CopilotResponse<CopilotConversation> response, long startedNanos) {
        if (ACTIVITY.isInfoEnabled()) {
            ACTIVITY.info("Conversation {} started in {} ms (request-id={})", response.body().getId(),
                    millisSince(startedNanos), response.requestId());
        }
    }

    /** An answer onto the exchange, for chat and both stream families (an iterator body is set at open: null). */
    void answered(Turn turn, Object body, CopilotConversation conversation) {
        Message message = turn.exchange().getMessage();
        if (body != null) {
            message.setBody(body);
        }
        message.setHeader(CopilotConstants.CONVERSATION, conversation);
        setConversationHeaders(message, conversation);
        if (ACTIVITY.isInfoEnabled()) { // the header look-ups cost, on every call
            ACTIVITY.info("Conversation {} turn {} answered by {} in {} ms (request-id={}, client-request-id={})",
                    conversation.getId(), conversation.getTurnCount(), endpoint.getOperation(),
                    millisSince(turn.started()), message.getHeader(CopilotConstants.REQUEST_ID),
                    message.getHeader(CopilotConstants.CLIENT_REQUEST_ID));
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The output headers every operation sets from the conversation it got back. */
    static void setConversationHeaders(Message message, CopilotConversation conversation) {
        setIfPresent(message, CopilotConstants.CONVERSATION_ID, conversation.getId());
        setIfPresent(message, CopilotConstants.TURN_COUNT, conversation.getTurnCount());
        setIfPresent(message, CopilotConstants.CONVERSATION_STATE, conversation.getState());
        setIfPresent(message, CopilotConstants.DISPLAY_NAME, conversation.getDisplayName());
        setIfPresent(message, CopilotConstants.CREATED_DATE_TIME, conversation.getCreatedDateTime());
        CopilotConversationMessage reply = conversation.hasCompleteTurn() ? conversation.getReply() : null;
        if (reply != null) {
            setIfPresent(message, CopilotConstants.MESSAGE_ID, reply.getId());
            message.setHeader(CopilotConstants.ATTRIBUTIONS, reply.getAttributions());
            setIfPresent(message, CopilotConstants.SENSITIVITY_LABEL, reply.getSensitivityLabel());
        }
    }

    static void setResponseHeaders(Message message, CopilotResponse<?> response) {
        setIfPresent(message, CopilotConstants.REQUEST_ID, response.requestId());
        setIfPresent(message, CopilotConstants.CLIENT_REQUEST_ID, response.clientRequestId());
    }

    private static void setIfPresent(Message message, String header, Object value) {
        if (value != null) {
            message.setHeader(header, value);
        }
    }
}
