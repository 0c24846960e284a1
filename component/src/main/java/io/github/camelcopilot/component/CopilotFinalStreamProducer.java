package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.github.camelcopilot.internal.stream.ServerSentEvent;
import io.github.camelcopilot.internal.stream.SnapshotTracker;
import org.apache.camel.Exchange;

/**
 * {@code chatOverStream} with streamMode final: the reply text arrives like chat's once the stream ends and every
 * update has been taken by updateUri; no thread waits meanwhile.
 */
final class CopilotFinalStreamProducer extends CopilotChatOverStreamProducer {

    private UpdateRelay.Target updates;

    CopilotFinalStreamProducer(CopilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String updateUri = endpoint.getConfiguration().getUpdateUri();
        if (updateUri != null) {
            updates = UpdateRelay.Target.of(getEndpoint().getCamelContext(), updateUri); // fails at start when invalid
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (updates != null) {
            updates.template().stop();
            updates = null;
        }
        super.doStop();
    }

    @Override
    protected CompletableFuture<Void> start(Turn turn, SnapshotTracker tracker) {
        FinalAnswer answer = new FinalAnswer(turn.exchange(), tracker);
        Runnable withdraw = enrol(turn, answer);
        return inConversation(turn, id -> open(turn, id, answer)
                        .thenCompose(opened -> {
                            answer.responded();
                            return answer.done;
                        })
                        .thenApply(finished -> {
                            CopilotConversation conversation = finished.finalConversation();
                            answered(turn, finished.finalUpdate().getText(), conversation);
                            return conversation;
                        }), CompletableFuture::completedStage)
                .whenComplete((ignored, error) -> withdraw.run());
    }

    /** Keeps the answer as events arrive; with updateUri relays each update, reading paused while it lags. */
    private final class FinalAnswer extends Reading {

        private final Exchange exchange;
        private final SnapshotTracker tracker;
        private final UpdateRelay relay;
        private final CompletableFuture<SnapshotTracker> done = new CompletableFuture<>();

        FinalAnswer(Exchange exchange, SnapshotTracker tracker) {
            this.exchange = exchange;
            this.tracker = tracker;
            if (updates == null) {
                relay = null;
            } else {
                relay = new UpdateRelay(updates, endpoint.routeExecutor(), endpoint.getComponent().scheduler(),
                        endpoint.getConfiguration().getStreamIdleTimeout(), this::resumeReading);
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

        @Override
        boolean over() {
            return done.isDone();
        }

        /** The response is in (its ids are on the exchange): updates may go out. */
        void responded() {
            if (relay != null) {
                relay.start(exchange);
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
        void stopped(String reason) {
            fail(new StreamClosedException(reason));
        }

        private void fail(Throwable error) {
            if (done.completeExceptionally(streamFailure(exchange, tracker, error))) {
                if (relay != null) {
                    relay.abort(error);
                }
                cancelReading();
            }
        }

        private void relay(CopilotStreamUpdate update) {
            if (update != null && relay != null) {
                relay.offer(update);
            }
        }
    }
}
