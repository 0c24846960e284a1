package io.github.camelcopilot.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The requests the simulator received, oldest first. Bounded, because the simulator also runs for hours as the app's
 * embedded default: beyond {@link #capacity} requests the oldest are dropped (the count still counts them).
 */
final class RequestLog {

    static final int DEFAULT_CAPACITY = 10_000;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private int capacity = DEFAULT_CAPACITY;
    private int count;

    synchronized void add(RecordedRequest request) {
        count++;
        requests.addLast(request);
        while (requests.size() > capacity) {
            requests.removeFirst();
        }
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    synchronized int count() {
        return count;
    }

    synchronized void capacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        while (requests.size() > capacity) {
            requests.removeFirst();
        }
    }

    synchronized void clear() {
        requests.clear();
        count = 0;
    }
}
