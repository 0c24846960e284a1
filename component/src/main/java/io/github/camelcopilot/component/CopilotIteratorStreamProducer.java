package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.github.camelcopilot.internal.stream.SnapshotTracker;
import io.github.camelcopilot.model.CopilotConversation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * {@code chatOverStream} with streamMode deltas or snapshots: the body is a lazy iterator over the open response, and
 * the route continues on a stream reader thread, which it holds while it reads.
 */
final class CopilotIteratorStreamProducer extends CopilotChatOverStreamProducer {

    private final boolean snapshots;

    CopilotIteratorStreamProducer(CopilotEndpoint endpoint, boolean snapshots) {
        super(endpoint);
        this.snapshots = snapshots;
    }

    /** An iterator body is read by the route's thread, which waits between events: a stream reader thread. */
    @Override
    protected Executor continuation() {
        return endpoint.streamReaders();
    }

    @Override
    protected CompletableFuture<Void> start(Turn turn, SnapshotTracker tracker) {
        Exchange exchange = turn.exchange();
        CopilotStreamIterator<Object> iterator = new CopilotStreamIterator<>(tracker, snapshots,
                error -> streamFailure(exchange, tracker, error),
                finished -> {
                    CopilotConversation conversation = finished.finalConversation();
                    if (conversation != null) {
                        answered(turn, null, conversation);
                    }
                });
        Runnable withdraw = enrol(turn, iterator);
        // Registered before anything is sent: however the exchange ends, the response is released.
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                iterator.close();
                withdraw.run();
            }
        });
        // With a key, its turn is over when the stream is: a disengagement it showed retires the key however the
        // route used the iterator.
        return inConversation(turn, id -> open(turn, id, iterator).thenAccept(opened -> {
            Message message = exchange.getMessage();
            message.setHeader(CopilotConstants.CONVERSATION_ID, id);
            message.setBody(iterator);
        }), opened -> iterator.turnOver());
    }
}
