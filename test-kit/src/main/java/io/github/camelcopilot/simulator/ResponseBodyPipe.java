package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A response body written by a handler thread and sent by httpcore5's I/O reactor. Unlike httpcore5's own
 * {@code SharedOutputBuffer}, which holds small writes back until more arrive, every write is handed on at once: a
 * stream's events must reach the client one by one, however small. Writers wait while too much is pending, so a slow
 * reader slows the handler down rather than filling the heap.
 */
final class ResponseBodyPipe {
    private volatile Runnable ending;


    private static final int MAX_PENDING_BYTES = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final Deque<ByteBuffer> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean ended;
    private boolean endSent;
    private boolean aborted;
    private volatile DataStreamChannel channel;

    /** The handler's side. */
    OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ResponseBodyPipe.this.write(Arrays.copyOfRange(bytes, offset, offset + length));
            }

            @Override
            public void close() {
                end();
            }
        };
    }

    private void write(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        lock.lock();
        try {
            while (pendingBytes >= MAX_PENDING_BYTES && !aborted) {
                drained.await();
            }
            if (aborted) {
                throw new IOException("the response was aborted");
            }
            pending.addLast(ByteBuffer.wrap(bytes));
            pendingBytes += bytes.length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted writing a response");
        } finally {
            lock.unlock();
        }
        requestOutput();
    }

    /** Runs once the handler has written the whole body, before its end is sent. */
    void beforeEnd(Runnable ending) {
        this.ending = ending;
    }

    /** The body is complete. */
    void end() {
        Runnable before = ending;
        if (before != null) {
            before.run(); // before the client can see the end (and open its next stream in its place)
        }
        lock.lock();
        try {
            ended = true;
        } finally {
            lock.unlock();
        }
        requestOutput();
    }

    /** The body breaks off: the next {@link #produce} fails, which resets the stream (HTTP/2) or the connection. */
    void abort() {
        lock.lock();
        try {
            aborted = true;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        requestOutput();
    }

    /** What the reactor may send now (1 for a pending end or abort, so that it calls {@link #produce}). */
    int available() {
        lock.lock();
        try {
            if (aborted || ended && !endSent && pendingBytes == 0) {
                return 1;
            }
            return pendingBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The reactor's side: sends what is pending, as far as flow control allows. */
    void produce(DataStreamChannel to) throws IOException {
        channel = to;
        lock.lock();
        try {
            if (aborted) {
                throw new IOException("response body aborted by the simulator");
            }
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peekFirst();
                pendingBytes -= to.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                pending.removeFirst();
            }
            drained.signalAll();
            if (pending.isEmpty() && ended && !endSent) {
                endSent = true;
                to.endStream();
            }
        } finally {
            lock.unlock();
        }
    }

    private void requestOutput() {
        DataStreamChannel to = channel;
        if (to != null) {
            try {
                to.requestOutput();
            } catch (RuntimeException connectionGone) {
                // The connection closed under the exchange (the client left, or the exchange broke off): nothing to send.
            }
        }
    }
}
