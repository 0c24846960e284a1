package io.github.camelcopilot.stream;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Flow;

/**
 * Reads a {@code text/event-stream} response body without blocking any thread: bytes are parsed as they arrive and
 * events handed to a {@link StreamListener}. It asks for one chunk at a time, and only while the listener has room,
 * so a slow consumer holds the server back instead of filling memory. Between a request for data and its arrival an
 * idle timer runs; it is off while the consumer is the one that is slow.
 * <p>
 * The body is available as soon as the headers are (it is this subscriber), so the caller gets the response
 * immediately and the events follow.
 */
public final class SseBodySubscriber implements HttpResponse.BodySubscriber<SseBodySubscriber> {

    private final SseParser parser;
    private final StreamListener listener;
    private final ScheduledExecutorService scheduler;
    private final long idleTimeoutMillis;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private ScheduledFuture<?> idleTimer;

    public SseBodySubscriber(StreamListener listener, long maxEventSize, ScheduledExecutorService scheduler,
                             long idleTimeoutMillis) {
        this.listener = listener;
        this.parser = new SseParser(maxEventSize, listener::onEvent);
        this.scheduler = scheduler;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    @Override
    public CompletionStage<SseBodySubscriber> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (finished.get()) {
            subscription.cancel();
        } else {
            requestNext();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        disarmIdleTimer();
        if (finished.get()) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                parser.feed(buffer);
            }
        } catch (Exception e) {
            cancelWith(e);
            return;
        }
        if (listener.hasCapacity()) {
            requestNext();
        } else {
            paused.set(true);
            // The consumer may have drained everything between the check and the flag: look again.
            if (listener.hasCapacity()) {
                resume();
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        disarmIdleTimer();
        if (finished.compareAndSet(false, true)) {
            listener.onError(error);
        }
    }

    @Override
    public void onComplete() {
        disarmIdleTimer();
        if (finished.get()) {
            return;
        }
        try {
            parser.end();
        } catch (Exception e) {
            onError(e);
            return;
        }
        if (finished.compareAndSet(false, true)) {
            listener.onEnd();
        }
    }

    /** Reading was paused because the listener was full: continue. Safe to call from any thread, any time. */
    public void resume() {
        if (paused.compareAndSet(true, false) && !finished.get()) {
            requestNext();
        }
    }

    /** Stops reading and releases the connection, without telling the listener (the consumer is gone). */
    public void cancel() {
        if (finished.compareAndSet(false, true)) {
            disarmIdleTimer();
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /** Whether the stream has ended, failed or been cancelled. */
    public boolean isFinished() {
        return finished.get();
    }

    private void cancelWith(Throwable error) {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        onError(error);
    }

    private void requestNext() {
        armIdleTimer();
        subscription.request(1);
    }

    private synchronized void armIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        idleTimer = scheduler.schedule(this::idleTimeout, idleTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void disarmIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void idleTimeout() {
        if (!finished.get()) {
            cancelWith(new StreamIdleTimeoutException("the stream sent nothing for " + idleTimeoutMillis
                                                      + " ms (streamIdleTimeout)"));
        }
    }
}
