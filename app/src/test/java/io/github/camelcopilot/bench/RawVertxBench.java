package io.github.camelcopilot.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.bench.BenchClient.Operation;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;


/**
 * A reference: the Vert.x core {@code HttpClient} (the version Camel 4.18 builds on, as platform-http-vertx and
 * camel-vertx-http use it), one event loop per core. Non-blocking; the stream's buffers are split into lines and
 * every event parsed as it arrives, on the event loop.
 */
final class RawVertxBench extends RawClient {

    static final String NAME = "raw Vert.x HttpClient";
    /**
     * The same client with every answer handed from the event loop to a pool of 10 threads, where the next call then
     * starts, as a Camel producer that never continues a route on an I/O thread must: not a reference, a diagnostic
     * row beside Apache's, so that the hand-offs' cost can be read for both candidate transports.
     */
    static final String HANDED_OFF_NAME = "Vert.x HttpClient, answers handed to a pool";
    /** The HTTP/2 pool sizes measured on the TLS front (Vert.x's default is 1); the report shows both. */
    static final List<Integer> H2_POOL_SIZES = List.of(1, 4);

    private final Vertx vertx = Vertx.vertx(new VertxOptions()
            .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    private final HttpClient http;
    /** Null: answers complete on the event loop. */
    private final ExecutorService handOff;
    /** Each hand-off thread's Vert.x context, made once (Vert.x makes a new one per call for a foreign thread). */
    private final ThreadLocal<Context> callerContexts = ThreadLocal.withInitial(vertx::getOrCreateContext);
    private volatile boolean closed;

    /** Plain front: pooled keep-alive connections, the pool raised (default 5) so as not to limit 256 in flight. */
    RawVertxBench(BenchServer.Endpoint endpoint) {
        this(endpoint, false);
    }

    /** Plain front, its answers handed to a pool or not. */
    RawVertxBench(BenchServer.Endpoint endpoint, boolean handedOff) {
        super(handedOff ? HANDED_OFF_NAME : NAME, endpoint);
        handOff = handedOff ? handOffPool("bench-vertx-hand-off") : null;
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1024));
    }

    RawVertxBench(BenchServer.Endpoint endpoint, int h2PoolSize, int maxStreams) {
        this(endpoint, h2PoolSize, maxStreams, false);
    }

    /**
     * On the TLS front: HTTP/2 by ALPN, at most {@code h2PoolSize} connections, each carrying as many streams as
     * the server allows ({@code maxStreams}); the calls beyond wait in the client's queue.
     */
    RawVertxBench(BenchServer.Endpoint endpoint, int h2PoolSize, int maxStreams, boolean handedOff) {
        super((handedOff ? HANDED_OFF_NAME : NAME) + h2PoolSuffix(h2PoolSize), endpoint);
        handOff = handedOff ? handOffPool("bench-vertx-hand-off") : null;
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setSsl(true)
                        .setTrustOptions(TrustOptions.wrap(endpoint.tls().trustManagers()))
                        .setHttp2MultiplexingLimit(maxStreams),
                new PoolOptions().setHttp2MaxSize(h2PoolSize));
    }

    static String h2Name(int h2PoolSize) {
        return NAME + h2PoolSuffix(h2PoolSize);
    }

    private static String h2PoolSuffix(int h2PoolSize) {
        return " (HTTP/2 pool " + h2PoolSize + ")";
    }

    @Override
    public boolean isRaw() {
        return handOff == null;
    }

    @Override
    public CompletableFuture<String> call(Operation operation, FirstUpdate firstUpdate) {
        if (handOff == null) {
            return request(operation, firstUpdate).toCompletionStage().toCompletableFuture();
        }
        // From a pool thread the request is handed to the event loop of the thread's own context, as Vert.x does for
        // any caller outside its threads; the answer is handed back to the pool.
        CompletableFuture<String> handedOff = new CompletableFuture<>();
        callerContexts.get().runOnContext(ignored -> request(operation, firstUpdate)
                .onComplete(result -> handOff.execute(() -> {
                    if (result.succeeded()) {
                        handedOff.complete(result.result());
                    } else {
                        handedOff.completeExceptionally(result.cause());
                    }
                })));
        return handedOff;
    }

    private Future<String> request(Operation operation, FirstUpdate firstUpdate) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri(operation).toString())
                .putHeader("Content-Type", RawClient.CONTENT_TYPE)
                // the wait for a pooled connection, then for each byte of the answer
                .setConnectTimeout(TIMEOUT.toMillis())
                .setIdleTimeout(TIMEOUT.toMillis());
        headers(operation, options::putHeader);
        Buffer body = Buffer.buffer(body(operation));
        return http.request(options)
                .compose(request -> request.send(body))
                .compose(response -> RawClient.isStream(operation) ? readEvents(response, firstUpdate)
                        : response.body().map(buffer -> answer(operation, response.statusCode(),
                                buffer.getBytes(), buffer.length())));
    }

    /** Reads the stream as its buffers arrive; completes with the reply once it ends. */
    private Future<String> readEvents(HttpClientResponse response, FirstUpdate firstUpdate) {
        RawClient.Events events = events(response.statusCode(), firstUpdate);
        response.handler(buffer -> events.bytes(buffer.getByteBuf().nioBuffer()));
        return response.end().map(done -> events.finalText());
    }

    @Override
    public void close() throws Exception {
        if (!closed) {
            closed = true;
            http.close();
            if (handOff != null) {
                handOff.shutdown();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
