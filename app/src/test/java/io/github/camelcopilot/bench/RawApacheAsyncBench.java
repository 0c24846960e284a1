package io.github.camelcopilot.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import io.github.camelcopilot.bench.BenchClient.Operation;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * A reference: Apache HttpClient 5's asynchronous client (the version the project manages, camel-http's included),
 * one I/O reactor thread per core. Non-blocking; the stream is read by a streaming response consumer that parses
 * every event as its bytes arrive, on the reactor thread. On the TLS front: HTTP/2 by ALPN with message
 * multiplexing (without it the pool gives each HTTP/2 connection one request at a time); calls past the server's
 * stream limit wait in the pool rather than fail.
 */
final class RawApacheAsyncBench extends RawClient {

    static final String NAME = "raw Apache HttpClient 5 async";
    /**
     * The same client with every answer handed from the I/O thread to a pool of 10 threads, where the next call then
     * starts, as the component does (a route never continues on an I/O thread): not a reference, a diagnostic row
     * that shows what those two hand-offs cost.
     */
    static final String HANDED_OFF_NAME = "Apache HttpClient 5 async, answers handed to a pool";

    private final CloseableHttpAsyncClient http;
    /** Null: answers complete on the I/O thread. */
    private final ExecutorService handOff;
    private volatile boolean closed;

    RawApacheAsyncBench(BenchServer.Endpoint endpoint) {
        this(endpoint, false);
    }

    RawApacheAsyncBench(BenchServer.Endpoint endpoint, boolean handedOff) {
        super(handedOff ? HANDED_OFF_NAME : NAME, endpoint);
        handOff = handedOff ? handOffPool("bench-hand-off") : null;
        // raised from the defaults (25 total, 5 per route) so that the pool does not limit 256 in flight
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(1024).setMaxConnPerRoute(1024);
        if (endpoint.isTls()) {
            connections.setMessageMultiplexing(true)
                    .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(endpoint.tls().clientContext())
                            .buildAsync())
                    .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_2).build());
        }
        http = HttpAsyncClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(TIMEOUT)).build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Runtime.getRuntime().availableProcessors()).setTcpNoDelay(true).build())
                // named apart, so that a per-thread profile tells the two Apache rows' reactors from each other
                .setThreadFactory(new DefaultThreadFactory(
                        handedOff ? "bench-apache-handed-off-io" : "bench-apache-io", true))
                .build();
        http.start();
    }

    @Override
    public CompletableFuture<String> call(Operation operation, FirstUpdate firstUpdate) {
        AsyncRequestBuilder request = AsyncRequestBuilder.post(uri(operation))
                .setEntity(AsyncEntityProducers.create(body(operation), ContentType.APPLICATION_JSON));
        headers(operation, request::addHeader);
        AsyncRequestProducer producer = request.build();
        CompletableFuture<String> answer = new CompletableFuture<>();
        if (RawClient.isStream(operation)) {
            http.execute(producer, new EventConsumer(firstUpdate), completing(answer, RawClient.Events::finalText));
        } else {
            http.execute(producer, new BasicResponseConsumer<>(new BasicAsyncEntityConsumer()),
                    completing(answer, (Message<HttpResponse, byte[]> response) -> {
                        byte[] body = response.getBody() == null ? new byte[0] : response.getBody();
                        return answer(operation, response.getHead().getCode(), body, body.length);
                    }));
        }
        return answer;
    }

    @Override
    public boolean isRaw() {
        return handOff == null;
    }

    private <T> FutureCallback<T> completing(CompletableFuture<String> answer,
                                             java.util.function.Function<T, String> result) {
        return new FutureCallback<>() {
            @Override
            public void completed(T response) {
                if (handOff == null) {
                    complete(response);
                } else {
                    handOff.execute(() -> complete(response));
                }
            }

            private void complete(T response) {
                try {
                    answer.complete(result.apply(response));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }

            @Override
            public void failed(Exception error) {
                answer.completeExceptionally(error);
            }

            @Override
            public void cancelled() {
                answer.cancel(false);
            }
        };
    }

    /** Hands the stream's bytes to its events as they arrive; the result is the events, checked on completion. */
    private final class EventConsumer extends AbstractBinResponseConsumer<RawClient.Events> {

        private final FirstUpdate firstUpdate;
        private RawClient.Events events;

        EventConsumer(FirstUpdate firstUpdate) {
            this.firstUpdate = firstUpdate;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            events = events(response.getCode(), firstUpdate);
        }

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            events.bytes(src);
        }

        @Override
        protected RawClient.Events buildResult() {
            return events;
        }

        @Override
        public void releaseResources() {
            // nothing held beyond the events
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            http.close(CloseMode.GRACEFUL);
            if (handOff != null) {
                handOff.shutdown();
            }
        }
    }
}
