package io.github.camelcopilot.internal.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.nio.ManagedAsyncClientConnection;
import org.apache.hc.core5.concurrent.BasicFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http2.ssl.ApplicationProtocol;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.DefaultDisposalCallback;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.hc.core5.reactor.ssl.TlsDetails;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP/2 connections shared by concurrent calls, up to {@code streamsPerConnection} each; past that a call opens
 * another connection, and once all are open and full it shares the least busy one (HTTP/2 queues it). A call that
 * arrives while a connection is being opened waits for it, so a cold burst opens one connection per
 * {@code streamsPerConnection} calls. HttpClient's own {@code setMessageMultiplexing} does neither: it shares only
 * connections that have served a call, and never opens a second. A failed stream leaves its neighbours' connection.
 */
final class StreamSharingConnPool extends StrictConnPool<HttpRoute, ManagedAsyncClientConnection> {

    private final int streamsPerConnection;
    private final Map<HttpRoute, RouteConnections> routes = new ConcurrentHashMap<>();

    StreamSharingConnPool(int maxConnections, int streamsPerConnection) {
        super(maxConnections, maxConnections, TimeValue.NEG_ONE_MILLISECOND, PoolReusePolicy.LIFO,
                new DefaultDisposalCallback<>(), null);
        this.streamsPerConnection = streamsPerConnection;
    }

    private Future<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> leaseOwn(
            HttpRoute route, Object state, Timeout timeout,
            FutureCallback<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> callback) {
        return super.lease(route, state, timeout, callback);
    }

    /** A lease waiting for a connection that another call is opening. */
    private record Rider(HttpRoute route, Timeout timeout,
                         BasicFuture<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> future) {
    }

    /** What to do once the route's lock is released: hand out entries, lease anew. */
    private final class Actions {
        private final List<Runnable> steps = new ArrayList<>(0);

        void complete(Rider rider, PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry) {
            steps.add(() -> handOver(rider, entry));
        }

        void leaseAgain(Rider rider) {
            steps.add(() -> relay(leaseOwn(rider.route(), null, rider.timeout(), callbackFor(rider.route(), null,
                    new FutureCallback<>() {
                        @Override
                        public void completed(PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry) {
                            handOver(rider, entry);
                        }

                        @Override
                        public void failed(Exception error) {
                            rider.future().failed(error);
                        }

                        @Override
                        public void cancelled() {
                            rider.future().cancel();
                        }
                    })), rider));
        }

        void run() {
            steps.forEach(Runnable::run);
        }
    }

    private void handOver(Rider rider, PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry) {
        if (!rider.future().completed(entry)) {
            release(entry, true); // cancelled meanwhile: its share is given back
        }
    }

    /** A cancelled rider also cancels the lease made for it. */
    private static void relay(Future<?> lease, Rider rider) {
        if (rider.future().isCancelled()) {
            lease.cancel(true);
        }
    }

    /** A connection being opened for a lease: calls that arrive meanwhile wait to share it. */
    private static final class Opening {
        /** Set once the underlying pool has handed it out (before it is connected). */
        PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry;
        final Deque<Rider> riders = new ArrayDeque<>();
    }

    /** The connections of one route, guarded by its lock. */
    private final class RouteConnections {
        final ReentrantLock lock = new ReentrantLock();
        /** Open HTTP/2 connections and the calls each carries. */
        final Map<PoolEntry<HttpRoute, ManagedAsyncClientConnection>, int[]> shared = new IdentityHashMap<>();
        /** Connections being opened (protocol not yet known), with the calls waiting to share each. */
        final List<Opening> opening = new ArrayList<>();
        /** The server answered with HTTP/1.1: nobody waits for another call's connection. */
        boolean http1;

        /** Moves connections whose protocol is now known: HTTP/2 ones are shared with the calls waiting for them. */
        void settle(Actions actions) {
            var iterator = opening.iterator();
            while (iterator.hasNext()) {
                Opening opened = iterator.next();
                PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry = opened.entry;
                ManagedAsyncClientConnection connection = entry == null ? null : entry.getConnection();
                Boolean http2 = connection == null ? null : http2(connection);
                if (http2 == null || !connection.isOpen()) {
                    continue; // still connecting (or failing: its release hands the riders on)
                }
                iterator.remove();
                if (http2) {
                    http1 = false;
                    shared.put(entry, new int[] { 1 + opened.riders.size() });
                    opened.riders.forEach(rider -> actions.complete(rider, entry));
                } else {
                    http1 = true;
                    opened.riders.forEach(actions::leaseAgain);
                }
            }
        }

        /** Runs {@code step} under the lock, then what it left to do. */
        void locked(Consumer<Actions> step) {
            Actions actions = new Actions();
            lock.lock();
            try {
                step.accept(actions);
            } finally {
                lock.unlock();
            }
            actions.run();
        }

        void forget(Future<?> waiting) {
            lock.lock();
            try {
                opening.forEach(opened -> opened.riders.removeIf(rider -> rider.future() == waiting));
            } finally {
                lock.unlock();
            }
        }

        Opening openingOf(PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry) {
            for (Opening candidate : opening) {
                if (candidate.entry == entry) {
                    return candidate;
                }
            }
            return null;
        }

        PoolEntry<HttpRoute, ManagedAsyncClientConnection> leastBusy(boolean withinLimit) {
            PoolEntry<HttpRoute, ManagedAsyncClientConnection> best = null;
            int fewest = Integer.MAX_VALUE;
            for (var candidate : shared.entrySet()) {
                int calls = candidate.getValue()[0];
                ManagedAsyncClientConnection connection = candidate.getKey().getConnection();
                if (calls < fewest && connection != null && connection.isOpen()
                    && (!withinLimit || calls < streamsPerConnection)) {
                    best = candidate.getKey();
                    fewest = calls;
                }
            }
            if (best != null) {
                shared.get(best)[0]++;
            }
            return best;
        }

        Deque<Rider> ridersWithRoom(boolean withinLimit) {
            Deque<Rider> best = null;
            for (Opening candidate : opening) {
                Deque<Rider> riders = candidate.riders;
                if ((best == null || riders.size() < best.size())
                    && (!withinLimit || riders.size() + 1 < streamsPerConnection)) {
                    best = riders;
                }
            }
            return best;
        }
    }

    /**
     * Whether ALPN chose HTTP/2, once the TLS handshake is done; null before. Not the connection's own version: through
     * a proxy that reads HTTP/1.1 before the tunnel and the TLS inside it are up.
     */
    private static Boolean http2(ManagedAsyncClientConnection connection) {
        TlsDetails tls = connection.getTlsDetails();
        return tls == null ? null : ApplicationProtocol.HTTP_2.id.equals(tls.getApplicationProtocol());
    }

    private RouteConnections of(HttpRoute route) {
        return routes.computeIfAbsent(route, ignored -> new RouteConnections());
    }

    @Override
    public Future<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> lease(
            HttpRoute route, Object state, Timeout requestTimeout,
            FutureCallback<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> callback) {
        if (state != null || !route.isSecure()) {
            // A connection bound to a user, or plain http (HTTP/1.1 here, no h2c): one call per connection.
            return super.lease(route, state, requestTimeout, callback);
        }
        RouteConnections connections = of(route);
        Actions actions = new Actions();
        PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry = null;
        BasicFuture<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> waiting = null;
        Opening opens = null;
        connections.lock.lock();
        try {
            connections.settle(actions);
            entry = connections.leastBusy(true);
            if (entry == null && !connections.http1) {
                Deque<Rider> riders = connections.ridersWithRoom(true);
                if (riders == null && atMaximum(route)) {
                    entry = connections.leastBusy(false);
                    riders = entry == null ? connections.ridersWithRoom(false) : null;
                }
                if (riders != null) {
                    waiting = new BasicFuture<>(callback) {
                        @Override
                        public boolean cancel(boolean mayInterruptIfRunning) {
                            connections.forget(this); // out of the queue of the connection it waits for
                            return super.cancel(mayInterruptIfRunning);
                        }
                    };
                    riders.add(new Rider(route, requestTimeout, waiting));
                }
            }
            if (entry == null && waiting == null && !connections.http1) {
                // Claimed before the pool is asked, so that the calls arriving meanwhile wait for this connection.
                opens = new Opening();
                connections.opening.add(opens);
            }
        } finally {
            connections.lock.unlock();
        }
        actions.run();
        if (entry != null) {
            BasicFuture<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> leased = new BasicFuture<>(callback);
            leased.completed(entry);
            return leased;
        }
        if (waiting != null) {
            return waiting;
        }
        return super.lease(route, null, requestTimeout, callbackFor(route, opens, callback));
    }

    /**
     * Records what the underlying pool handed out: a known HTTP/2 connection is shared, a new one awaited by the
     * calls that arrived while it was asked for ({@code opens}, null where nobody may wait for it).
     */
    private FutureCallback<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> callbackFor(
            HttpRoute route, Opening opens,
            FutureCallback<PoolEntry<HttpRoute, ManagedAsyncClientConnection>> callback) {
        return new FutureCallback<>() {
            @Override
            public void completed(PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry) {
                RouteConnections connections = of(route);
                Actions actions = new Actions();
                connections.lock.lock();
                try {
                    ManagedAsyncClientConnection connection = entry.getConnection();
                    if (opens != null) {
                        opens.entry = entry;
                        connections.settle(actions); // an idle connection handed out again is known at once
                    } else if (connection != null && connection.isOpen()
                               && Boolean.TRUE.equals(http2(connection))) {
                        connections.shared.put(entry, new int[] { 1 });
                    }
                } finally {
                    connections.lock.unlock();
                }
                if (callback != null) {
                    callback.completed(entry);
                }
                actions.run();
            }

            @Override
            public void failed(Exception error) {
                handOn();
                if (callback != null) {
                    callback.failed(error);
                }
            }

            @Override
            public void cancelled() {
                handOn();
                if (callback != null) {
                    callback.cancelled();
                }
            }

            /** No connection for this lease: whoever waited for it asks again. */
            private void handOn() {
                if (opens != null) {
                    RouteConnections connections = of(route);
                    connections.locked(actions -> {
                        connections.opening.remove(opens);
                        opens.riders.forEach(actions::leaseAgain);
                    });
                }
            }
        };
    }

    private boolean atMaximum(HttpRoute route) {
        PoolStats stats = getStats(route);
        return stats.getLeased() + stats.getPending() >= getMaxPerRoute(route);
    }

    /** A request has started writing, so its connection's protocol is known: calls waiting for it may go. */
    void requestStarted() {
        for (RouteConnections connections : routes.values()) {
            connections.locked(connections::settle);
        }
    }

    @Override
    public void release(PoolEntry<HttpRoute, ManagedAsyncClientConnection> entry, boolean reusable) {
        if (entry == null) {
            return;
        }
        RouteConnections connections = routes.get(entry.getRoute());
        if (connections == null) {
            super.release(entry, reusable);
            return;
        }
        Actions actions = new Actions();
        boolean toPool = true;
        boolean keep = reusable;
        connections.lock.lock();
        try {
            Opening opened = connections.openingOf(entry);
            int[] calls = connections.shared.get(entry);
            if (opened != null) {
                // The call that opened it is done with it before the others got it (it failed, or was HTTP/1.1).
                connections.opening.remove(opened);
                connections.settle(actions);
                opened.riders.forEach(actions::leaseAgain);
            } else if (calls != null) {
                ManagedAsyncClientConnection connection = entry.getConnection();
                boolean open = connection != null && connection.isOpen();
                // One stream failing leaves the connection to the others; only a closed connection is given up.
                keep = open;
                if (--calls[0] > 0) {
                    toPool = false;
                } else {
                    connections.shared.remove(entry);
                }
            }
        } finally {
            connections.lock.unlock();
        }
        if (toPool) {
            super.release(entry, keep);
        }
        actions.run();
    }

    /** Leases waiting for a connection of the standard pool (all routes), for the transport's figures. */
    int waiting() {
        return getTotalStats().getPending();
    }

    /** Connections open or being opened, for the transport's figures. */
    int connections() {
        PoolStats stats = getTotalStats();
        return stats.getLeased() + stats.getAvailable();
    }

    @Override
    public void close(CloseMode closeMode) {
        routes.clear();
        super.close(closeMode);
    }
}
