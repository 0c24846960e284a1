package io.github.camelcopilot.component;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.camelcopilot.internal.client.CopilotCallGroup;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;
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

    CopilotChatOverStreamProducer(CopilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected final CompletableFuture<Void> start(Exchange exchange) throws Exception {
        // For a stream the response timeout is the idle timeout: it is the wait for the first byte.
        Turn turn = turn(exchange, Duration.ofMillis(endpoint.getConfiguration().getStreamIdleTimeout()),
                "streamIdleTimeout");
        return start(turn, new SnapshotTracker(CopilotJson.mapper()));
    }

    protected abstract CompletableFuture<Void> start(Turn turn, SnapshotTracker tracker);

    /**
     * What takes a stream's events, and holds its reader once the response came: to pause and resume reading, and to
     * cancel it when the reading is over, before the response too.
     */
    abstract static class Reading implements StreamListener {

        private volatile SseBodyReader reader;

        /** Whether the reading is over (ended, failed or closed): a reader attached now is cancelled at once. */
        abstract boolean over();

        abstract void stopped(String reason);

        final SseBodyReader attach(SseBodyReader attached) {
            reader = attached;
            if (over()) {
                attached.cancel();
            }
            return attached;
        }

        final void resumeReading() {
            SseBodyReader current = reader;
            if (current != null) {
                current.resume();
            }
        }

        final void cancelReading() {
            SseBodyReader current = reader;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /**
     * Enrols the stream in its route's calls, so that a stop fails it as closed before its end, never as a short
     * answer; the returned task, run once the stream is over, withdraws it.
     */
    protected static Runnable enrol(Turn turn, Reading reading) {
        CopilotCallGroup.Member member = reason -> reading.stopped("the stream was closed before its end: " + reason
                + " while it was open (the turn was sent, so the service may or may not have processed it)");
        CopilotCallGroup calls = turn.call().group();
        calls.join(member);
        return () -> {
            calls.leave(member);
            turn.observed().streamClosed();
        };
    }

    /** Opens the stream, events to {@code reading}; completes when the response is in, its ids on the exchange. */
    protected CompletableFuture<Void> open(Turn turn, String conversationId, Reading reading) {
        CopilotConfiguration config = endpoint.getConfiguration();
        return client.chatOverStream(turn.call(), conversationId, turn.request(),
                        () -> reading.attach(new SseBodyReader(turn.observed().stream(reading),
                                config.getMaxEventSize(), endpoint.getComponent().scheduler(),
                                config.getStreamIdleTimeout())))
                .thenAccept(response -> setResponseHeaders(turn.exchange().getMessage(), response));
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
