package io.github.camelcopilot.internal.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a body of server-sent events without blocking a thread: the transport feeds bytes on its I/O thread, events
 * go to a {@link StreamListener}. While the listener has no room the reader asks for nothing more, so a slow consumer
 * holds the server back (flow control) instead of filling memory. The idle timeout runs only while the reader waits
 * for data it asked for, not while the consumer is the slow one.
 */
public final class SseBodyReader {

    /** The transport's side of a body being read. */
    public interface Source {
        /** Ready for more bytes. */
        void more();

        /** Stop reading and release the connection (or its stream). */
        void cancel();
    }

    private final SseParser parser;
    private final StreamListener listener;
    private final ScheduledExecutorService scheduler;
    private final long idleTimeoutNanos;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Source source;
    /** When data last arrived or reading last resumed: the idle timer measures from here. */
    private volatile long lastActivity;

    public SseBodyReader(StreamListener listener, long maxEventSize, ScheduledExecutorService scheduler,
                         long idleTimeoutMillis) {
        this.listener = listener;
        this.parser = new SseParser(maxEventSize, listener::onEvent);
        this.scheduler = scheduler;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    }

    /** The body begins. */
    public void start(Source source) {
        this.source = source;
        lastActivity = System.nanoTime();
        if (finished.get()) {
            source.cancel();
        } else {
            armIdleTimer(idleTimeoutNanos);
        }
    }

    public void onData(ByteBuffer buffer) {
        lastActivity = System.nanoTime();
        if (finished.get()) {
            return;
        }
        try {
            parser.feed(buffer);
        } catch (Exception e) {
            cancelWith(e);
            return;
        }
        if (!listener.hasCapacity()) {
            paused.set(true);
            // The consumer may have drained everything between the check and the flag: look again.
            if (listener.hasCapacity()) {
                resume();
            }
        }
    }

    /** Whether the transport may send more now. */
    public boolean wantsMore() {
        return !paused.get() && !finished.get();
    }

    /** A body that is one JSON conversation rather than events: read as a single event. */
    public void onWholeBody(byte[] json) {
        if (finished.get()) {
            return;
        }
        try {
            listener.onEvent(new ServerSentEvent(null, null, new String(json, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            onError(e);
            return;
        }
        onEnd();
    }

    public void onError(Throwable error) {
        if (finished.compareAndSet(false, true)) {
            listener.onError(error);
        }
    }

    public void onEnd() {
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

    /** The listener has room again: continue if paused. Safe to call from any thread, any time. */
    public void resume() {
        if (paused.compareAndSet(true, false) && !finished.get()) {
            lastActivity = System.nanoTime();
            Source current = source;
            if (current != null) {
                current.more();
            }
        }
    }

    /** Stops reading and releases the connection, without telling the listener (the consumer is gone). */
    public void cancel() {
        if (finished.compareAndSet(false, true)) {
            cancelSource();
        }
    }

    /** Fails the stream with our own error first, so that the transport's report of the cancel is not the one told. */
    private void cancelWith(Throwable error) {
        onError(error);
        cancelSource();
    }

    private void cancelSource() {
        Source current = source;
        if (current != null) {
            current.cancel();
        }
    }

    /** One timer per idle period, not one per chunk: when it fires it looks at when data last came. */
    private void armIdleTimer(long delayNanos) {
        try {
            scheduler.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
        }
    }

    private void checkIdle() {
        if (finished.get()) {
            return;
        }
        long quiet = System.nanoTime() - lastActivity;
        if (paused.get() || quiet < idleTimeoutNanos) {
            // A paused stream waits on its consumer, not on the server: look again a period after it resumes.
            armIdleTimer(paused.get() ? idleTimeoutNanos : idleTimeoutNanos - quiet);
            return;
        }
        cancelWith(new StreamIdleTimeoutException("the stream sent nothing for "
                                                  + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos)
                                                  + " ms (streamIdleTimeout)"));
    }
}
