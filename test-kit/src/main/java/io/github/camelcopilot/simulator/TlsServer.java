package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import com.sun.net.httpserver.HttpHandler;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.command.ShutdownCommand;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.Command;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.apache.hc.core5.util.Timeout;

/**
 * The simulator's TLS server on httpcore5-h2, on {@code 127.0.0.1}: HTTP/2 (with a stream limit) and HTTP/1.1 by ALPN,
 * or HTTP/1.1 only. Requests go to the simulator's HttpServer handler through {@link HttpExchangeBridge}.
 */
final class TlsServer implements AutoCloseable {

    private final HttpAsyncServer server;
    private final int port;
    /**
     * Open connections and their clients' addresses (taken when they connect: a closed session no longer knows it), for
     * GOAWAY and for breaking an HTTP/1.1 exchange off.
     */
    private final Map<IOSession, SocketAddress> connections = new ConcurrentHashMap<>();
    /** The clients of the open connections that speak HTTP/2, known from their first request. */
    private final Set<SocketAddress> http2Clients = ConcurrentHashMap.newKeySet();

    TlsServer(SimulatorTransport transport, int port, HttpHandler handler, Executor handlerThreads,
            ConnectionCounters counters) throws IOException {
        H2Config.Builder h2 = H2Config.custom();
        if (transport.offersHttp2()) {
            h2.setMaxConcurrentStreams(transport.maxConcurrentStreams());
        }
        server = H2ServerBootstrap.bootstrap()
                // No idle timeout: hangs and slow streams are the simulator's to end, as on HttpServer.
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(Timeout.DISABLED).setTcpNoDelay(true).build())
                .setVersionPolicy(transport.offersHttp2() ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_1)
                .setH2Config(h2.build())
                .setTlsStrategy(new H2ServerTlsStrategy(SimulatorTls.serverSslContext()))
                .setIOSessionListener(new ConnectionTracker(counters))
                .setStreamListener(new ClientSettingsTolerance())
                // Every request to the one handler, whatever its host name (localhost or 127.0.0.1).
                .setRequestRouter((request, context) ->
                        () -> new HttpExchangeBridge(handler, handlerThreads, this::closeNow, http2Clients::add))
                .create();
        server.start();
        try {
            ListenerEndpoint endpoint = server.listen(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), URIScheme.HTTPS).get();
            this.port = ((InetSocketAddress) endpoint.getAddress()).getPort();
        } catch (ExecutionException e) {
            server.close(CloseMode.IMMEDIATE);
            throw new IOException("Cannot listen on port " + port, e.getCause());
        } catch (InterruptedException e) {
            server.close(CloseMode.IMMEDIATE);
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while binding port " + port, e);
        }
    }

    int port() {
        return port;
    }

    /**
     * Sends GOAWAY (NO_ERROR, last stream id: the last stream received) on every open HTTP/2 connection: the streams
     * already received run to their end, later ones on that connection are refused, and the connection closes once the
     * last stream is done. Returns the number of connections told.
     */
    int goAway() {
        int told = 0;
        for (Map.Entry<IOSession, SocketAddress> connection : connections.entrySet()) {
            if (http2Clients.contains(connection.getValue())) {
                connection.getKey().enqueue(ShutdownCommand.GRACEFUL, Command.Priority.IMMEDIATE);
                told++;
            }
        }
        return told;
    }

    private void closeNow(InetSocketAddress client) {
        connections.forEach((connection, address) -> {
            if (address.equals(client)) {
                connection.close(CloseMode.IMMEDIATE);
            }
        });
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }

    /** Keeps {@link #connections} and tells the counters when a connection closes. */
    private final class ConnectionTracker implements IOSessionListener {

        private final ConnectionCounters counters;

        ConnectionTracker(ConnectionCounters counters) {
            this.counters = counters;
        }

        @Override
        public void connected(IOSession session) {
            SocketAddress client = session.getRemoteAddress();
            if (client != null) {
                connections.put(session, client);
            }
        }

        @Override
        public void disconnected(IOSession session) {
            SocketAddress client = connections.remove(session);
            if (client != null) {
                http2Clients.remove(client);
            }
            if (client instanceof InetSocketAddress address) {
                counters.closed(address);
            }
        }

        @Override
        public void startTls(IOSession session) {
        }

        @Override
        public void inputReady(IOSession session) {
        }

        @Override
        public void outputReady(IOSession session) {
        }

        @Override
        public void timeout(IOSession session) {
        }

        @Override
        public void exception(IOSession session, Exception cause) {
        }
    }
}
