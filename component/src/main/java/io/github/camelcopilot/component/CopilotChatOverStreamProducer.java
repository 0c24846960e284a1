package io.github.camelcopilot.component;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.camelcopilot.internal.client.AccessTokens;
import io.github.camelcopilot.internal.client.CopilotCall;
import io.github.camelcopilot.internal.client.CopilotCallGroup;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.internal.keyed.KeyedConversations;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.internal.observe.CallObservation;
import io.github.camelcopilot.internal.stream.SnapshotTracker;
import io.github.camelcopilot.internal.stream.SseBodyReader;
import io.github.camelcopilot.internal.stream.SseFormatException;
import io.github.camelcopilot.internal.stream.StreamIdleTimeoutException;
import io.github.camelcopilot.internal.stream.StreamListener;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code chatOverStream}: what its two families share, the final answer ({@link CopilotFinalStreamProducer}) and the
 * iterator body ({@link CopilotIteratorStreamProducer}); the endpoint picks one by its streamMode.
 */
abstract class CopilotChatOverStreamProducer extends CopilotProducer {

    private final ChatRequestFactory requests;

    CopilotChatOverStreamProducer(CopilotEndpoint endpoint) {
        super(endpoint);
        this.requests = new ChatRequestFactory(endpoint.getConfiguration());
    }

    /** One exchange's stream, everything checked before it is sent. */
    record Turn(Exchange exchange, byte[] request, String conversationId, String key, AccessTokens token,
                CopilotCall call, SnapshotTracker tracker, long started) {
        CallObservation observed() {
            return (CallObservation) call.listener();
        }
    }

    @Override
    protected final CompletableFuture<Void> start(Exchange exchange) throws Exception {
        byte[] request = requests.create(exchange);
        String conversationId = conversationId(exchange);
        String key = conversationId == null ? conversationKey(exchange) : null;
        AccessTokens token = tokenFor(exchange);
        // For a stream the response timeout is the idle timeout: it is the wait for the first byte.
        CopilotCall call = call(exchange, CopilotOperation.chatOverStream, token,
                Duration.ofMillis(endpoint.getConfiguration().getStreamIdleTimeout()), "streamIdleTimeout");
        return start(new Turn(exchange, request, conversationId, key, token, call,
                new SnapshotTracker(CopilotJson.mapper()), System.nanoTime()));
    }

    protected abstract CompletableFuture<Void> start(Turn turn);

    /**
     * Runs {@code stream} in the turn's conversation: the key's, whose turn is over when {@code turnOver} completes,
     * or the one by id (created first when none).
     */
    protected <T> CompletableFuture<Void> inConversation(Turn turn, Function<String, CompletableFuture<T>> stream,
                                                         Function<T, CompletionStage<CopilotConversation>> turnOver) {
        if (turn.key() != null) {
            return keyedTurn(turn.exchange(), turn.key(), turn.token(), id -> stream.apply(id)
                    .thenApply(opened -> new KeyedConversations.Sent(turnOver.apply(opened))));
        }
        return conversationIdOrCreate(turn.exchange(), turn.conversationId(), turn.token()).thenCompose(stream)
                .thenAccept(ignored -> {
                });
    }

    /** Opens the stream, events to {@code listener}; completes when the response is in, its ids on the exchange. */
    protected CompletableFuture<Void> open(Turn turn, String conversationId,
                                           Function<SseBodyReader, SseBodyReader> attach, StreamListener listener) {
        CopilotConfiguration config = endpoint.getConfiguration();
        return client.chatOverStream(turn.call(), conversationId, turn.request(),
                        () -> attach.apply(new SseBodyReader(turn.observed().stream(listener), config.getMaxEventSize(),
                                endpoint.getComponent().scheduler(), config.getStreamIdleTimeout())))
                .thenAccept(response -> setResponseHeaders(turn.exchange().getMessage(), response));
    }

    /** A stop fails an open stream as closed before its end, never as a short answer. */
    protected static CopilotCallGroup.Member closedOnStop(Consumer<String> stopped) {
        return reason -> stopped.accept("the stream was closed before its end: " + reason + " while it was open (the"
                                        + " turn was sent, so the service may or may not have processed it)");
    }

    /**
     * A failure after the stream began, with what support needs; never retried, and possibly processed (the service
     * has acted).
     */
    protected static CopilotException streamFailure(Exchange exchange, SnapshotTracker tracker, Throwable error) {
        if (error instanceof CopilotException copilot) {
            return copilot;
        }
        Message message = exchange.getMessage();
        Function<String, CopilotException.Builder> failed = what -> CopilotException.builder(what, exchange).status(200)
                .ids(message.getHeader(CopilotConstants.REQUEST_ID, String.class),
                        message.getHeader(CopilotConstants.CLIENT_REQUEST_ID, String.class));
        CopilotConversation last = tracker.lastRead();
        if (error instanceof SseFormatException && last != null && last.isDisengagedForRai()) {
            // Responsible-AI filtering closed the conversation instead of answering: say so, as chat does.
            return failed.apply("Copilot chatOverStream returned no reply: " + error.getMessage()
                                + "; responsible-AI filtering closed the conversation, start a new one")
                    .cause(error).build(built -> new CopilotNoReplyException(built, last.getId(), last.getState()));
        }
        String what = error instanceof StreamIdleTimeoutException || error instanceof IOException
                ? error.getMessage() : error.getClass().getSimpleName() + ": " + error.getMessage();
        return failed.apply("Copilot chatOverStream failed after " + tracker.events() + " events: " + what)
                .cause(error).kind(error instanceof StreamClosedException ? FailureKind.STOPPED
                        : FailureKind.OUTCOME_UNKNOWN).possiblyProcessed(true).build();
    }
}
