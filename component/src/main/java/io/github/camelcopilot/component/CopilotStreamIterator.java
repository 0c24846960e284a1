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
import io.github.camelcopilot.internal.stream.ServerSentEvent;
import io.github.camelcopilot.internal.stream.SnapshotTracker;
import org.apache.camel.RuntimeCamelException;

/**
 * The iterator body of {@code chatOverStream}, fed by the HTTP client's thread through a small buffer whose being
 * full pauses the reading. Once closed, reading on is an error, never an end that passes a partial answer off as
 * whole.
 */
final class CopilotStreamIterator<T> extends CopilotChatOverStreamProducer.Reading implements Iterator<T>, Closeable {

    /** Events buffered ahead of the route before the response's reading pauses. */
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
    private volatile boolean closed;
    private volatile String closeReason;
    private Object next;
    /** The final answer has been taken: closing later changes nothing. */
    private volatile boolean ended;
    /** What the reader gets from now on, once the stream failed or was closed early. */
    private RuntimeCamelException failed;
    /** The last snapshot read in state disengagedForRai, whether or not the route read it. */
    private volatile CopilotConversation disengaged;
    /** Completes on the route's side once the stream is over for this turn; see {@link #turnOver()}. */
    private final CompletableFuture<CopilotConversation> turnOver = new CompletableFuture<>();

    /** {@code onFinal} runs on the route's thread once the final answer has been handed out. */
    CopilotStreamIterator(SnapshotTracker tracker, boolean snapshots, Function<Throwable, Exception> failure,
                          Consumer<SnapshotTracker> onFinal) {
        this.tracker = tracker;
        this.snapshots = snapshots;
        this.failure = failure;
        this.onFinal = onFinal;
    }

    @Override
    boolean over() {
        return closed; // the exchange ended before the response came
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
            // Non-null only when the final event was unreadable (the snapshots mode has handed its answer out).
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
        resumeReading();
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

    /** Releases the connection; from any thread, a reader waiting in {@link #hasNext()} wakes with an error. */
    @Override
    public void close() {
        closeBecause(CLOSED_EARLY);
    }

    @Override
    void stopped(String reason) {
        closeBecause(reason + "; the answer is incomplete");
    }

    private void closeBecause(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeReason = reason;
            closed = true;
            cancelReading();
            queue.clear();
            queue.add(CLOSED);
        }
        // Outside the lock: completing runs the key's bookkeeping.
        turnOver.complete(disengaged);
    }

    /**
     * The turn is over: with the final conversation once the route took the answer, else on close with the last
     * disengaged snapshot or null. Completes on the thread that ends or closes the iterator, never the HTTP client's.
     */
    CompletionStage<CopilotConversation> turnOver() {
        return turnOver;
    }
}
