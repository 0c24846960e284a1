package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Counts connections and the requests in progress on each, per protocol, around the handler that answers them. A
 * connection is known by its client's address and port, which no two open connections share.
 */
final class ConnectionCounters implements HttpHandler {

    private record ConnectionKey(WireProtocol protocol, InetSocketAddress client) {
    }

    private static final class Counts {
        int connections;
        int maxInFlight;
    }

    /**
     * HttpServer says nothing when a connection closes, so its entries stay until a reset; past this many, idle ones
     * are dropped (a long-running simulator must not grow without bound), at the price of counting them again.
     */
    private static final int MAX_TRACKED_CONNECTIONS = 10_000;

    /**
     * The exchange attribute through which a server that can tell when a response's end is about to be sent (the TLS
     * server) lets a request stop counting then: after that the client may start its next stream in its place.
     */
    static final String RESPONSE_ENDING = "io.github.camelcopilot.simulator.responseEnding";

    private final HttpHandler next;
    private final Map<ConnectionKey, int[]> inFlight = new HashMap<>();
    private final Map<WireProtocol, Counts> counts = new EnumMap<>(WireProtocol.class);

    ConnectionCounters(HttpHandler next) {
        this.next = next;
        clear();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ConnectionKey key = new ConnectionKey(WireProtocol.of(exchange.getProtocol()), exchange.getRemoteAddress());
        int[] requests = started(key);
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable ended = () -> {
            if (counted.compareAndSet(true, false)) {
                synchronized (this) {
                    if (--requests[0] == 0 && inFlight.size() > MAX_TRACKED_CONNECTIONS) {
                        inFlight.remove(key);
                    }
                }
            }
        };
        exchange.setAttribute(RESPONSE_ENDING, ended);
        try {
            next.handle(exchange);
        } finally {
            ended.run();
        }
    }

    private synchronized int[] started(ConnectionKey key) {
        Counts protocol = counts.get(key.protocol());
        int[] requests = inFlight.computeIfAbsent(key, newConnection -> {
            protocol.connections++;
            return new int[1];
        });
        protocol.maxInFlight = Math.max(protocol.maxInFlight, ++requests[0]);
        return requests;
    }

    /** Forgets a closed connection, so that a later one from the same client port counts anew. */
    synchronized void closed(InetSocketAddress client) {
        inFlight.keySet().removeIf(key -> key.client().equals(client));
    }

    synchronized ConnectionStats stats(WireProtocol protocol) {
        Counts of = counts.get(protocol);
        return new ConnectionStats(of.connections, of.maxInFlight);
    }

    synchronized void clear() {
        inFlight.clear();
        for (WireProtocol protocol : WireProtocol.values()) {
            counts.put(protocol, new Counts());
        }
    }
}
