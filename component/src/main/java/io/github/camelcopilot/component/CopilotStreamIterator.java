package io.github.camelcopilot.component;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.github.camelcopilot.stream.ServerSentEvent;
import io.github.camelcopilot.stream.SnapshotTracker;
import io.github.camelcopilot.stream.SseBodyReader;
import io.github.camelcopilot.stream.StreamListener;
import org.apache.camel.RuntimeCamelException;

/**
 * The body of {@code chatOverStream} in the deltas and snapshots modes: a lazy iterator fed by the open response.
 * The HTTP client's thread parses events into a small buffer; the route's thread takes them, and reading pauses
 * while the buffer is full (also while the route waits for a stream reader thread). Closing it (the exchange
 * completing does) releases the connection; a reader that asks for more after that, or is waiting in
 * {@link #hasNext()} on another thread, gets an error, never an end that would pass a partial answer off as whole.
 */
final class CopilotStreamIterator<T> implements Iterator<T>, Closeable, StreamListener, OpenStream {

    /** Events buffered ahead of the route; past this the response is not read further until the route catches up. */
    private static final int BUFFER = 32;
    private static final Object END = new Object();
    private static final Object CLOSED = new Object();
    private static final String CLOSED_EARLY = "the stream was closed before its end (the exchange completed or the"
                                               + " route stopped reading); the answer is incomplete";

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final SnapshotTracker tracker;
    private final boolean snapshots;
    private final Function<Throwable, Exception> failure;
    private final Consumer<SnapshotTracker> onFinal;
    private volatile SseBodyReader subscriber;
    private volatile boolean closed;
    private volatile String closeReason;
    private Object next;
    /** Set once the final answer has been taken: the stream is complete, closing it later changes nothing. */
    private volatile boolean ended;
    /** What the reader gets from now on, once the stream failed or was closed early. */
    private RuntimeCamelException failed;
    /** The last snapshot read in state disengagedForRai, read or not by the route: the conversation takes no more. */
    private volatile CopilotConversation disengaged;
    /** Completes on the route's side once the stream is over for this turn; see {@link #turnOver()}. */
    private final CompletableFuture<CopilotConversation> turnOver = new CompletableFuture<>();

    /**
     * @param snapshots true to hand out each CopilotConversation snapshot, false for CopilotStreamUpdates
     * @param failure turns a stream failure into the exception the route sees
     * @param onFinal called on the route's thread once the final answer has been handed out
     */
    CopilotStreamIterator(SnapshotTracker tracker, boolean snapshots, Function<Throwable, Exception> failure,
                          Consumer<SnapshotTracker> onFinal) {
        this.tracker = tracker;
        this.snapshots = snapshots;
        this.failure = failure;
        this.onFinal = onFinal;
    }

    /** The subscriber reading the successful response; set before any event arrives. */
    SseBodyReader attach(SseBodyReader subscriber) {
        this.subscriber = subscriber;
        if (closed) {
            subscriber.cancel(); // the exchange ended before the response came
        }
        return subscriber;
    }

    // --- HTTP client side

    @Override
    public void onEvent(ServerSentEvent event) {
        if (closed) {
            return;
        }
        CopilotStreamUpdate update = tracker.accept(event);
        CopilotConversation snapshot = tracker.lastAccepted();
        if (snapshot != null && snapshot.isDisengagedForRai()) {
            disengaged = snapshot;
        }
        Object item = snapshots ? snapshot : update;
        if (item != null) {
            queue.add(item);
        }
    }

    @Override
    public boolean hasCapacity() {
        return queue.size() < BUFFER;
    }

    @Override
    public void onEnd() {
        try {
            // Non-null only when the final event was unreadable: the answer then comes from the last good
            // snapshot, which the snapshots mode has already handed out.
            CopilotStreamUpdate last = tracker.finish();
            if (last != null && !snapshots) {
                queue.add(last);
            }
            queue.add(END);
        } catch (Exception e) {
            queue.add(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        queue.add(error);
    }

    // --- route side

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        if (failed != null) {
            throw failed;
        }
        if (closed) {
            throw fail(new StreamClosedException(closeReason));
        }
        Object taken;
        try {
            taken = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new RuntimeCamelException("Interrupted while waiting for the Copilot stream", e);
        }
        SseBodyReader current = subscriber;
        if (current != null) {
            current.resume();
        }
        if (taken == END) {
            ended = true;
            try {
                onFinal.accept(tracker);
            } finally {
                turnOver.complete(tracker.finalConversation());
            }
            return false;
        }
        if (taken == CLOSED) {
            throw fail(new StreamClosedException(closeReason));
        }
        if (taken instanceof Throwable error) {
            close();
            throw fail(error);
        }
        next = taken;
        return true;
    }

    private RuntimeCamelException fail(Throwable error) {
        failed = new RuntimeCamelException(failure.apply(error));
        return failed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The Copilot stream has ended");
        }
        Object item = next;
        next = null;
        return (T) item;
    }

    /**
     * Stops reading and releases the connection. Safe from any thread: a reader waiting in {@link #hasNext()} wakes
     * up with an error unless the stream had already ended.
     */
    @Override
    public void close() {
        closeBecause(CLOSED_EARLY);
    }

    /** The component stopped: a reader gets this reason instead of the rest of the stream. */
    @Override
    public void stopped(String reason) {
        closeBecause(reason + "; the answer is incomplete");
    }

    private void closeBecause(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeReason = reason;
            closed = true;
            SseBodyReader current = subscriber;
            if (current != null) {
                current.cancel();
            }
            queue.clear();
            queue.add(CLOSED);
        }
        // Outside the lock: completing runs the key's bookkeeping.
        turnOver.complete(disengaged);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Completes once the stream is over for this turn: with the final conversation when the route has taken the
     * answer; otherwise when the iterator is closed (the stream failed, the exchange completed, the component
     * stopped), with the last snapshot that showed the conversation disengaged, or null when none did. It completes
     * on the thread that ends or closes the iterator (the route's, or the one stopping the component), never on the
     * HTTP client's: what depends on it runs there.
     */
    CompletionStage<CopilotConversation> turnOver() {
        return turnOver;
    }
}
