package io.github.camelcopilot.component;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.github.camelcopilot.client.AccessTokens;
import io.github.camelcopilot.client.CopilotCall;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.github.camelcopilot.stream.ServerSentEvent;
import io.github.camelcopilot.stream.SnapshotTracker;
import io.github.camelcopilot.stream.SseBodySubscriber;
import io.github.camelcopilot.stream.StreamIdleTimeoutException;
import io.github.camelcopilot.stream.StreamListener;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chatOverStream}. In the deltas and snapshots modes the body is a lazy iterator over the open response; in
 * the final mode the reply text arrives like chat's once the stream ends, and no thread waits for it meanwhile.
 */
final class CopilotChatOverStreamProducer extends CopilotProducer {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotChatOverStreamProducer.class);

    private final ChatRequestFactory requests;
    private ProducerTemplate updateTemplate;
    private Endpoint updateEndpoint;

    CopilotChatOverStreamProducer(CopilotEndpoint endpoint) {
        super(endpoint);
        this.requests = new ChatRequestFactory(endpoint.getConfiguration());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String updateUri = endpoint.getConfiguration().getUpdateUri();
        if (endpoint.streamMode() == CopilotStreamMode.FINAL && updateUri != null) {
            updateEndpoint = getEndpoint().getCamelContext().getEndpoint(updateUri); // fails at start when invalid
            updateTemplate = getEndpoint().getCamelContext().createProducerTemplate();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (updateTemplate != null) {
            updateTemplate.stop();
            updateTemplate = null;
        }
        super.doStop();
    }

    /** An iterator body is read by the route's thread, which waits between events: give it a thread of ours. */
    @Override
    protected Executor continuation() {
        return endpoint.streamMode() == CopilotStreamMode.FINAL ? null : endpoint.getComponent().streamReaders();
    }

    @Override
    protected CompletableFuture<Void> start(Exchange exchange) throws Exception {
        CopilotChatRequest request = requests.create(exchange);
        String conversationId = conversationId(exchange);
        String key = conversationId == null ? conversationKey(exchange) : null;
        AccessTokens token = tokenFor(exchange);
        // For a stream the response timeout is the idle timeout: it is the wait for the first byte.
        CopilotCall call = call(exchange, "Copilot chatOverStream", token,
                Duration.ofMillis(endpoint.getConfiguration().getStreamIdleTimeout()), "streamIdleTimeout");
        SnapshotTracker tracker = new SnapshotTracker(CopilotJson.mapper());
        long started = System.nanoTime();
        if (endpoint.streamMode() == CopilotStreamMode.FINAL) {
            FinalAnswer answer = new FinalAnswer(exchange, tracker);
            Function<String, CompletableFuture<CopilotConversation>> answerIn = id -> client
                    .chatOverStream(call, id, request, info -> subscriber(answer))
                    .thenCompose(response -> {
                        setResponseHeaders(exchange.getMessage(), response);
                        return answer.done;
                    })
                    .thenApply(finished -> {
                        CopilotConversation conversation = finished.finalConversation();
                        Message message = exchange.getMessage();
                        message.setBody(finished.finalUpdate().getText());
                        message.setHeader(CopilotConstants.CONVERSATION, conversation);
                        setConversationHeaders(message, conversation);
                        logAnswered("chatOverStream", conversation, started, message);
                        return conversation;
                    });
            if (key != null) {
                return keyedTurn(exchange, key, token,
                        id -> answerIn.apply(id).thenApply(CompletableFuture::completedStage));
            }
            return conversationIdOrCreate(exchange, conversationId, token).thenCompose(answerIn).thenAccept(done -> {
            });
        }
        // Completes when the turn is over: the final answer handed out, or the exchange done without it.
        CompletableFuture<CopilotConversation> turnEnded = new CompletableFuture<>();
        CopilotStreamIterator<Object> iterator = new CopilotStreamIterator<>(tracker,
                endpoint.streamMode() == CopilotStreamMode.SNAPSHOTS,
                error -> streamFailure(exchange, tracker, error),
                finished -> {
                    CopilotConversation conversation = finished.finalConversation();
                    if (conversation != null) {
                        exchange.getMessage().setHeader(CopilotConstants.CONVERSATION, conversation);
                        setConversationHeaders(exchange.getMessage(), conversation);
                        logAnswered("chatOverStream", conversation, started, exchange.getMessage());
                    }
                    turnEnded.complete(conversation);
                });
        // Registered before anything is sent: however the exchange ends, the response is released.
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                iterator.close();
                turnEnded.complete(null);
            }
        });
        Function<String, CompletableFuture<Void>> openIn = id -> client.chatOverStream(call, id, request,
                        info -> iterator.attach(subscriber(iterator)))
                .thenAccept(response -> {
                    Message message = exchange.getMessage();
                    message.setHeader(CopilotConstants.CONVERSATION_ID, id);
                    setResponseHeaders(message, response);
                    message.setBody(iterator);
                });
        if (key != null) {
            return keyedTurn(exchange, key, token, id -> openIn.apply(id).thenApply(opened -> turnEnded));
        }
        return conversationIdOrCreate(exchange, conversationId, token).thenCompose(openIn);
    }

    private SseBodySubscriber subscriber(StreamListener listener) {
        CopilotConfiguration config = endpoint.getConfiguration();
        return new SseBodySubscriber(listener, config.getMaxEventSize(), endpoint.getComponent().scheduler(),
                config.getStreamIdleTimeout());
    }

    /** A failure after the stream began, with what support needs; never retried (the service has acted). */
    private static CopilotException streamFailure(Exchange exchange, SnapshotTracker tracker, Throwable error) {
        if (error instanceof CopilotException copilot) {
            return copilot;
        }
        Message message = exchange.getMessage();
        String what = error instanceof StreamIdleTimeoutException || error instanceof IOException
                ? error.getMessage() : error.getClass().getSimpleName() + ": " + error.getMessage();
        return new CopilotException("Copilot chatOverStream failed after " + tracker.events() + " events: " + what
                                    + " [request-id=" + message.getHeader(CopilotConstants.REQUEST_ID)
                                    + ", client-request-id=" + message.getHeader(CopilotConstants.CLIENT_REQUEST_ID)
                                    + "]", exchange, error, 200, null,
                message.getHeader(CopilotConstants.REQUEST_ID, String.class),
                message.getHeader(CopilotConstants.CLIENT_REQUEST_ID, String.class), null);
    }

    /** The final mode: events are handled as they arrive, updates relayed to updateUri, the answer kept. */
    private final class FinalAnswer implements StreamListener {

        private final Exchange exchange;
        private final SnapshotTracker tracker;
        private final CompletableFuture<SnapshotTracker> done = new CompletableFuture<>();
        private int failedDeliveries;

        FinalAnswer(Exchange exchange, SnapshotTracker tracker) {
            this.exchange = exchange;
            this.tracker = tracker;
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            relay(tracker.accept(event));
        }

        @Override
        public void onEnd() {
            try {
                relay(tracker.finish());
                done.complete(tracker);
            } catch (Exception e) {
                done.completeExceptionally(streamFailure(exchange, tracker, e));
            }
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(streamFailure(exchange, tracker, error));
        }

        /** Sends the update on, in order, on this (the HTTP client's) thread; a failing receiver is logged, once. */
        private void relay(CopilotStreamUpdate update) {
            if (update == null || updateTemplate == null) {
                return;
            }
            Exchange relayed = ExchangeHelper.createCorrelatedCopy(exchange, false);
            relayed.getMessage().setBody(update);
            relayed.getMessage().removeHeader(CopilotConstants.ACCESS_TOKEN);
            updateTemplate.send(updateEndpoint, relayed);
            if (relayed.getException() != null && failedDeliveries++ == 0) {
                LOG.warn("Delivering a stream update to {} failed ({}); the answer is still collected, further"
                         + " failures of this stream are not logged", updateEndpoint,
                        relayed.getException().getClass().getSimpleName());
            }
        }
    }
}
