package io.github.camelcopilot.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;

/**
 * The benchmark server's TLS front: Vert.x core's HTTP server (Netty), HTTP/2 chosen by ALPN (HTTP/1.1 for a client
 * that offers only that), at most {@code maxStreams} streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS, as a
 * real front such as nginx sets 100), one server instance per core sharing the port, so an event loop each. It
 * answers what the plain front answers, through {@link BenchServer#answer}; a stream's paused events are written by
 * event-loop timers, so no stream holds a thread.
 * <p>
 * Not HttpCore 5's H2 server (5.4.4): it ends the connection when a client's SETTINGS carry
 * MAX_CONCURRENT_STREAMS 0, which the JDK HttpClient of Java 17 sends (it takes no server push).
 */
final class TlsH2Front implements AutoCloseable {

    private static final AtomicInteger REPORTED = new AtomicInteger();

    private final Vertx vertx;
    private final int port;

    private TlsH2Front(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    static TlsH2Front start(BenchServer bench, Path keyStore, int maxStreams) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setSsl(true).setUseAlpn(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(BenchTls.PASSWORD))
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(maxStreams))
                .setTcpNoDelay(true).setAcceptBacklog(4096);
        // Vert.x shares a port between servers that name it (not port 0): so a free one is picked first.
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        for (int i = 0; i < cores; i++) {
            // each created from another event loop's context
            vertx.createHttpServer(options)
                    .connectionHandler(connection -> bench.connections.tlsAccepted.incrementAndGet())
                    .exceptionHandler(TlsH2Front::report)
                    .requestHandler(request -> handle(bench, vertx, request))
                    .listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new TlsH2Front(vertx, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Prints the first few of the server's I/O and protocol errors to its stderr (the harness's output). */
    private static void report(Throwable error) {
        if (REPORTED.incrementAndGet() <= 10) {
            System.err.println("[bench server, TLS front] " + error);
        }
    }

    /** Answers once the request body has been read (and discarded). */
    private static void handle(BenchServer bench, Vertx vertx, HttpServerRequest request) {
        Object connection = request.connection().remoteAddress().toString();
        bench.connections.started(connection);
        HttpServerResponse response = request.response();
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean heldOpen = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                bench.connections.ended(connection);
                if (heldOpen.get()) {
                    bench.streamClosed();
                }
            }
        };
        response.endHandler(done -> end.run());
        response.closeHandler(closed -> end.run());
        request.end().onComplete(body -> {
            BenchServer.Answer answer = bench.answer(request.path(), request.getHeader("Authorization"));
            response.putHeader("request-id", "bench").putHeader("Content-Type", answer.contentType())
                    .setStatusCode(answer.status());
            if (answer.isStream()) {
                stream(bench, vertx, response, heldOpen);
            } else if (answer.delayMillis() > 0) {
                vertx.setTimer(answer.delayMillis(), timer -> response.end(Buffer.buffer(answer.body())));
            } else {
                response.end(Buffer.buffer(answer.body()));
            }
        });
    }

    /** Writes the stream; one with pauses is marked {@code heldOpen} and counted open until it ends. */
    private static void stream(BenchServer bench, Vertx vertx, HttpServerResponse response, AtomicBoolean heldOpen) {
        BenchServer.StreamShape shape = bench.shape();
        List<byte[]> events = bench.events(shape);
        response.setChunked(true);
        if (shape.delayMillis() == 0) {
            for (int i = 0; i < events.size() - 1; i++) {
                response.write(Buffer.buffer(events.get(i)));
            }
            response.end(Buffer.buffer(events.get(events.size() - 1)));
            return;
        }
        heldOpen.set(true);
        bench.streamOpened();
        writeEvent(vertx, response, events, 0, shape.delayMillis());
    }

    /** Writes event {@code index} and sets a timer for the next; the last ends the stream. */
    private static void writeEvent(Vertx vertx, HttpServerResponse response, List<byte[]> events, int index,
                                   long delayMillis) {
        if (response.closed()) {
            return; // the client went away
        }
        if (index == events.size() - 1) {
            response.end(Buffer.buffer(events.get(index)));
            return;
        }
        response.write(Buffer.buffer(events.get(index)));
        vertx.setTimer(delayMillis, timer -> writeEvent(vertx, response, events, index + 1, delayMillis));
    }
}
