package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.ExchangeHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one stream's updates to updateUri, in order, one at a time, without a thread waiting on the target. The
 * stream's reading pauses while {@value #BUFFER} updates wait (see {@link #hasRoom()}), so a slow or full target
 * holds back its own stream and no other. A target that refuses an update because it is full (seda's "Queue full",
 * a pool's rejection) is offered it again later, with a growing pause, on the scheduler; an update is never dropped.
 * One refused for longer than {@code refusalTimeoutMillis} fails the stream. Other failures of the target are its
 * route's business: logged once per stream, and the stream goes on.
 */
final class UpdateRelay {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateRelay.class);
    /** Updates waiting for the target before the stream's reading pauses. */
    static final int BUFFER = 16;
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 500;

    private final ProducerTemplate template;
    private final Endpoint target;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final long refusalTimeoutMillis;
    private final Runnable roomAgain;
    private final ConcurrentLinkedQueue<CopilotStreamUpdate> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    /** Whether a delivery is under way: exactly one at a time keeps the updates in order. */
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final CompletableFuture<Void> delivered = new CompletableFuture<>();
    private volatile Exchange prototype;
    private volatile boolean finished;
    private int failedDeliveries;
    /** When the update at the head was first refused for being full, or 0. */
    private long refusedSinceNanos;
    private long pauseMillis;

    /**
     * @param template   a started, non-threaded template: its async sends run on the calling thread and complete
     *                   when the target has taken the exchange
     * @param executor   where deliveries run (the route pool): never the HTTP client's threads
     * @param roomAgain  called when updates may be read again after {@link #hasRoom()} said no
     */
    UpdateRelay(ProducerTemplate template, Endpoint target, Executor executor, ScheduledExecutorService scheduler,
                long refusalTimeoutMillis, Runnable roomAgain) {
        this.template = template;
        this.target = target;
        this.executor = executor;
        this.scheduler = scheduler;
        this.refusalTimeoutMillis = refusalTimeoutMillis;
        this.roomAgain = roomAgain;
    }

    /**
     * Deliveries begin once the stream's response is in: each update is sent as a one-way copy of this exchange
     * (its headers then include the response's ids).
     */
    void start(Exchange source) {
        Exchange copy = ExchangeHelper.createCorrelatedCopy(source, false);
        copy.setPattern(ExchangePattern.InOnly); // an event: a seda target must not wait for its consumer
        copy.getMessage().removeHeader(CopilotConstants.ACCESS_TOKEN);
        copy.getMessage().removeHeader(CopilotConstants.USER_ASSERTION);
        prototype = copy;
        kick();
    }

    /** Queues an update; called in the stream's order. */
    void offer(CopilotStreamUpdate update) {
        waiting.add(update);
        waitingCount.incrementAndGet();
        kick();
    }

    /** Whether the stream may be read further now. */
    boolean hasRoom() {
        return waitingCount.get() < BUFFER;
    }

    /** No more updates come: {@link #delivered()} completes once those queued have been taken by the target. */
    void finish() {
        finished = true;
        kick();
    }

    /** Completes when every update has been delivered after {@link #finish()}, or fails with the stream. */
    CompletableFuture<Void> delivered() {
        return delivered;
    }

    /** The stream failed or the component stopped: updates still queued are not delivered. */
    void abort(Throwable error) {
        delivered.completeExceptionally(error);
        waiting.clear();
    }

    private void kick() {
        if (prototype != null && delivering.compareAndSet(false, true)) {
            CopilotThreads.execute(executor, this::deliver);
        }
    }

    /** Delivers queued updates in turn while the target takes them at once; runs on the executor, alone. */
    private void deliver() {
        while (true) {
            CopilotStreamUpdate update = waiting.peek();
            if (update == null || delivered.isDone()) {
                delivering.set(false);
                if (delivered.isDone()) {
                    return;
                }
                if (!waiting.isEmpty()) {
                    kick(); // offered between the look and the flag
                } else if (finished) {
                    delivered.complete(null);
                }
                return;
            }
            Exchange relayed = prototype.copy();
            relayed.getMessage().setBody(update);
            CompletableFuture<Exchange> sent;
            try {
                sent = template.asyncSend(target, relayed);
            } catch (RuntimeException e) { // the template stopped with its route
                relayed.setException(e);
                sent = CompletableFuture.completedFuture(relayed);
            }
            if (!sent.isDone()) {
                // The target answers later, on a thread of its own: carry on from here on ours.
                sent.whenComplete((exchange, error) -> CopilotThreads.execute(executor, () -> {
                    if (accepted(relayed)) {
                        deliver();
                    }
                }));
                return;
            }
            if (!accepted(relayed)) {
                return;
            }
        }
    }

    /**
     * Takes stock of one delivery. True when the update is done with (taken, or failed in the target's route) and
     * the next may go; false when it is to be offered again later, or the stream failed.
     */
    private boolean accepted(Exchange relayed) {
        Exception error = relayed.getException();
        if (error != null && isFull(error)) {
            long now = System.nanoTime();
            if (refusedSinceNanos == 0) {
                refusedSinceNanos = now;
                pauseMillis = FIRST_PAUSE_MILLIS;
            } else if (TimeUnit.NANOSECONDS.toMillis(now - refusedSinceNanos) > refusalTimeoutMillis) {
                abort(new UpdateRefusedException("updateUri " + target + " refused a stream update as full for "
                                                 + refusalTimeoutMillis + " ms (streamIdleTimeout): " + error.getMessage()));
                return false;
            }
            long pause = pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis / 2 + 1);
            pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
            try {
                scheduler.schedule(() -> CopilotThreads.execute(executor, this::deliver), pause, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                abort(new UpdateRefusedException("the copilot component stopped while an update waited for " + target));
            }
            return false;
        }
        refusedSinceNanos = 0;
        if (error != null && failedDeliveries++ == 0) {
            LOG.warn("Delivering a stream update to {} failed ({}); the answer is still collected, further failures"
                     + " of this stream are not logged", target, error.getClass().getSimpleName());
        }
        waiting.poll();
        if (waitingCount.decrementAndGet() < BUFFER) {
            roomAgain.run(); // cheap when reading was not paused
        }
        return true;
    }

    /** A target that is full for now, as opposed to one whose route failed. */
    private static boolean isFull(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
            String message = t.getMessage();
            if (t instanceof IllegalStateException && message != null
                && (message.contains("Queue full") || message.contains("insert element into queue"))) {
                return true; // seda (and other BlockingQueue-backed endpoints) when full
            }
        }
        return false;
    }

    /** The target took no update for too long; fails the stream. */
    static final class UpdateRefusedException extends java.io.IOException {
        UpdateRefusedException(String message) {
            super(message);
        }
    }
}
