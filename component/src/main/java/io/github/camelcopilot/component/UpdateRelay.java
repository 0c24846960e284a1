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
import java.util.function.Predicate;

import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one stream's updates to updateUri, in order, one at a time, no thread waiting on the target; the reading
 * pauses while {@value #BUFFER} wait, so a slow target holds back its own stream only. A full target (a refused seda
 * offer, a pool's rejection) gets the update again later, never dropped; refused longer than
 * {@code refusalTimeoutMillis}, it fails the stream. Its route's own failures are logged once per stream.
 */
final class UpdateRelay {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateRelay.class);
    /** Updates waiting for the target before the stream's reading pauses. */
    static final int BUFFER = 16;
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 500;

    /**
     * Where updates go: {@code offer} puts one into a seda queue (false when full: a fact, not an exception's text),
     * unless seda's own producer must apply discardWhenFull or the no-consumer options; else the template sends, on
     * the calling thread (not threaded).
     */
    record Target(Endpoint endpoint, ProducerTemplate template, Predicate<Exchange> offer) {
        static Target of(CamelContext context, String uri) {
            Endpoint endpoint = context.getEndpoint(uri);
            ProducerTemplate template = context.createProducerTemplate();
            template.setThreadedAsyncMode(false);
            Class<?> seda = context.getClassResolver().resolveClass("org.apache.camel.component.seda.SedaEndpoint");
            return new Target(endpoint, template,
                    seda != null && seda.isInstance(endpoint) ? SedaQueue.offer(endpoint) : null);
        }
    }

    /** Loaded only for a seda target: camel-seda is optional. */
    private static final class SedaQueue {
        static Predicate<Exchange> offer(Endpoint endpoint) {
            SedaEndpoint seda = (SedaEndpoint) endpoint;
            if (seda.isDiscardWhenFull() || seda.isFailIfNoConsumers() || seda.isDiscardIfNoConsumers()) {
                return null;
            }
            return exchange -> seda.getQueue().offer(exchange);
        }
    }

    private final Target target;
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

    /** Deliveries run on {@code executor}, never the HTTP client's threads; {@code roomAgain} resumes reading. */
    UpdateRelay(Target target, Executor executor, ScheduledExecutorService scheduler, long refusalTimeoutMillis,
                Runnable roomAgain) {
        this.target = target;
        this.executor = executor;
        this.scheduler = scheduler;
        this.refusalTimeoutMillis = refusalTimeoutMillis;
        this.roomAgain = roomAgain;
    }

    /** Once the response is in: each update goes as a one-way copy of this exchange, with the response's ids. */
    void start(Exchange source) {
        Exchange copy = ExchangeHelper.createCorrelatedCopy(source, false);
        copy.setPattern(ExchangePattern.InOnly); // an event: a seda target must not wait for its consumer
        copy.getMessage().removeHeader(CopilotConstants.ACCESS_TOKEN);
        copy.getMessage().removeHeader(CopilotConstants.USER_ASSERTION);
        prototype = copy;
        kick();
    }

    void offer(CopilotStreamUpdate update) {
        waiting.add(update);
        waitingCount.incrementAndGet();
        kick();
    }

    boolean hasRoom() {
        return waitingCount.get() < BUFFER;
    }

    /** No more updates come: {@link #delivered()} completes once the target has taken those queued. */
    void finish() {
        finished = true;
        kick();
    }

    CompletableFuture<Void> delivered() {
        return delivered;
    }

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
            if (target.offer() != null) {
                // What seda's own producer enqueues: a copy correlated with the update's exchange.
                if (!target.offer().test(ExchangeHelper.createCorrelatedCopy(relayed, false))) {
                    retryLater();
                    return;
                }
                done(null);
                continue;
            }
            CompletableFuture<Exchange> sent;
            try {
                sent = target.template().asyncSend(target.endpoint(), relayed);
            } catch (RuntimeException e) { // the template stopped with its route
                relayed.setException(e);
                sent = CompletableFuture.completedFuture(relayed);
            }
            if (!sent.isDone()) {
                // The target answers later, on a thread of its own: carry on from here on ours.
                sent.whenComplete((exchange, error) -> CopilotThreads.execute(executor, () -> {
                    if (sentOn(relayed)) {
                        deliver();
                    }
                }));
                return;
            }
            if (!sentOn(relayed)) {
                return;
            }
        }
    }

    /** After a template send: true when the next update may go; false when a pool refused this one. */
    private boolean sentOn(Exchange relayed) {
        Exception error = relayed.getException();
        if (ObjectHelper.getException(RejectedExecutionException.class, error) != null) {
            retryLater();
            return false;
        }
        done(error);
        return true;
    }

    /** The head update is done with: the next may go. */
    private void done(Exception error) {
        refusedSinceNanos = 0;
        if (error != null && failedDeliveries++ == 0) {
            LOG.warn("Delivering a stream update to {} failed ({}); the answer is still collected, further failures"
                     + " of this stream are not logged", target.endpoint(), error.getClass().getSimpleName());
        }
        waiting.poll();
        if (waitingCount.decrementAndGet() < BUFFER) {
            roomAgain.run(); // cheap when reading was not paused
        }
    }

    /** The target is full: the head update is offered again after a growing pause, or fails the stream. */
    private void retryLater() {
        long now = System.nanoTime();
        if (refusedSinceNanos == 0) {
            refusedSinceNanos = now;
            pauseMillis = FIRST_PAUSE_MILLIS;
        } else if (TimeUnit.NANOSECONDS.toMillis(now - refusedSinceNanos) > refusalTimeoutMillis) {
            abort(new UpdateRefusedException("updateUri " + target.endpoint() + " refused a stream update as full for "
                                             + refusalTimeoutMillis + " ms (streamIdleTimeout)"));
            return;
        }
        long pause = pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis / 2 + 1);
        pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
        try {
            scheduler.schedule(() -> CopilotThreads.execute(executor, this::deliver), pause, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            abort(new UpdateRefusedException("the copilot component stopped while an update waited for "
                                             + target.endpoint()));
        }
    }

    /** The target took no update for too long; fails the stream. */
    static final class UpdateRefusedException extends java.io.IOException {
        UpdateRefusedException(String message) {
            super(message);
        }
    }
}
