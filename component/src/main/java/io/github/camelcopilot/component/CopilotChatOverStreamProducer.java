package io.github.camelcopilot.component;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.github.camelcopilot.client.AccessTokens;
import io.github.camelcopilot.client.CopilotCall;
import io.github.camelcopilot.client.CopilotCallGroup;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.keyed.KeyedConversations;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.observe.CallObservation;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.github.camelcopilot.stream.ServerSentEvent;
import io.github.camelcopilot.stream.SnapshotTracker;
import io.github.camelcopilot.stream.SseFormatException;
import io.github.camelcopilot.stream.SseBodyReader;
import io.github.camelcopilot.stream.StreamIdleTimeoutException;
import io.github.camelcopilot.stream.StreamListener;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * {@code chatOverStream}. In the deltas and snapshots modes the body is a lazy iterator over the open response, and
 * the route continues on a stream reader thread, which it holds while it reads. In the final mode the reply text
 * arrives like chat's once the stream ends and every update has been taken by updateUri; no thread waits meanwhile.
 */
final class CopilotChatOverStreamProducer extends CopilotProducer {

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
            // Sends run on the route pool thread that starts them and complete when the target has the update.
            updateTemplate.setThreadedAsyncMode(false);
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

    /** An iterator body is read by the route's thread, which waits between events: a stream reader thread. */
    @Override
    protected Executor continuation() {
        return endpoint.streamMode() == CopilotStreamMode.FINAL ? endpoint.routeExecutor() : endpoint.streamReaders();
    }

    @Override
    protected CompletableFuture<Void> start(Exchange exchange) throws Exception {
        byte[] request = requests.create(exchange);
        String conversationId = conversationId(exchange);
        String key = conversationId == null ? conversationKey(exchange) : null;
        AccessTokens token = tokenFor(exchange);
        // For a stream the response timeout is the idle timeout: it is the wait for the first byte.
        CopilotCall call = call(exchange, CopilotOperation.chatOverStream, token,
                Duration.ofMillis(endpoint.getConfiguration().getStreamIdleTimeout()), "streamIdleTimeout");
        SnapshotTracker tracker = new SnapshotTracker(CopilotJson.mapper());
        CopilotCallGroup calls = call.group();
        CallObservation observed = (CallObservation) call.listener();
        long started = System.nanoTime();
        if (endpoint.streamMode() == CopilotStreamMode.FINAL) {
            FinalAnswer answer = new FinalAnswer(exchange, tracker);
            CopilotCallGroup.Member stopAnswer = closedOnStop(answer);
            calls.join(stopAnswer);
            Function<String, CompletableFuture<CopilotConversation>> answerIn = id -> client
                    .chatOverStream(call, id, request, () -> answer.attach(subscriber(observed.stream(answer))))
                    .thenCompose(response -> {
                        setResponseHeaders(exchange.getMessage(), response);
                        answer.responded();
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
            CompletableFuture<Void> answered = key != null
                    ? keyedTurn(exchange, key, token, id -> answerIn.apply(id).thenApply(KeyedConversations.Sent::of))
                    : conversationIdOrCreate(exchange, conversationId, token).thenCompose(answerIn)
                            .thenAccept(conversation -> {
                            });
            return answered.whenComplete((ignored, error) -> {
                calls.leave(stopAnswer);
                observed.streamClosed();
            });
        }
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
                });
        CopilotCallGroup.Member stopReading = closedOnStop(iterator);
        calls.join(stopReading);
        // Registered before anything is sent: however the exchange ends, the response is released.
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                iterator.close();
                calls.leave(stopReading);
                observed.streamClosed();
            }
        });
        Function<String, CompletableFuture<Void>> openIn = id -> client.chatOverStream(call, id, request,
                        () -> iterator.attach(subscriber(observed.stream(iterator))))
                .thenAccept(response -> {
                    Message message = exchange.getMessage();
                    message.setHeader(CopilotConstants.CONVERSATION_ID, id);
                    setResponseHeaders(message, response);
                    message.setBody(iterator);
                });
        if (key != null) {
            // The key's turn is over when the stream is: a disengagement it showed retires the key however the
            // route used the iterator.
            return keyedTurn(exchange, key, token,
                    id -> openIn.apply(id).thenApply(opened -> new KeyedConversations.Sent(iterator.turnOver())));
        }
        return conversationIdOrCreate(exchange, conversationId, token).thenCompose(openIn);
    }

    /**
     * A stream's part in this producer's stop: it ends as closed before its end, an error for the exchange (or for
     * the reader of its iterator), never a short answer. Before the response came, the call's own failure (not sent,
     * or aborted) is what the exchange gets.
     */
    private static CopilotCallGroup.Member closedOnStop(OpenStream stream) {
        return reason -> stream.stopped("the stream was closed before its end: " + reason + " while it was open (the"
                                        + " turn was sent, so the service may or may not have processed it)");
    }

    private SseBodyReader subscriber(StreamListener listener) {
        CopilotConfiguration config = endpoint.getConfiguration();
        return new SseBodyReader(listener, config.getMaxEventSize(), endpoint.getComponent().scheduler(),
                config.getStreamIdleTimeout());
    }

    /**
     * A failure after the stream began, with what support needs; never retried, and possibly processed (the service
     * has acted).
     */
    private static CopilotException streamFailure(Exchange exchange, SnapshotTracker tracker, Throwable error) {
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

    /**
     * The final mode: events are handled as they arrive and the answer kept; with updateUri each update is relayed,
     * the reading pausing while the target lags behind.
     */
    private final class FinalAnswer implements StreamListener, OpenStream {

        private final Exchange exchange;
        private final SnapshotTracker tracker;
        private final UpdateRelay relay;
        private final CompletableFuture<SnapshotTracker> done = new CompletableFuture<>();
        private volatile SseBodyReader subscriber;

        FinalAnswer(Exchange exchange, SnapshotTracker tracker) {
            this.exchange = exchange;
            this.tracker = tracker;
            if (updateTemplate == null) {
                relay = null;
            } else {
                relay = new UpdateRelay(updateTemplate, updateEndpoint, endpoint.routeExecutor(),
                        endpoint.getComponent().scheduler(), endpoint.getConfiguration().getStreamIdleTimeout(),
                        this::resumeReading);
                // The answer is complete once the target has every update, the last one included.
                relay.delivered().whenComplete((ignored, error) -> {
                    if (error == null) {
                        done.complete(tracker);
                    } else {
                        fail(error);
                    }
                });
            }
        }

        SseBodyReader attach(SseBodyReader subscriber) {
            this.subscriber = subscriber;
            if (done.isDone()) {
                subscriber.cancel(); // stopped before the response came
            }
            return subscriber;
        }

        /** The response is in (its ids are on the exchange): updates may go out. */
        void responded() {
            if (relay != null) {
                relay.start(exchange);
            }
        }

        private void resumeReading() {
            SseBodyReader current = subscriber;
            if (current != null) {
                current.resume();
            }
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            relay(tracker.accept(event));
        }

        @Override
        public boolean hasCapacity() {
            return relay == null || relay.hasRoom();
        }

        @Override
        public void onEnd() {
            try {
                relay(tracker.finish());
            } catch (Exception e) {
                fail(e);
                return;
            }
            if (relay == null) {
                done.complete(tracker);
            } else {
                relay.finish();
            }
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void stopped(String reason) {
            fail(new StreamClosedException(reason));
        }

        private void fail(Throwable error) {
            if (done.completeExceptionally(streamFailure(exchange, tracker, error))) {
                if (relay != null) {
                    relay.abort(error);
                }
                SseBodyReader current = subscriber;
                if (current != null) {
                    current.cancel();
                }
            }
        }

        private void relay(CopilotStreamUpdate update) {
            if (update != null && relay != null) {
                relay.offer(update);
            }
        }
    }
}
