package io.github.camelcopilot.simulator;

import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;

/**
 * Apache HttpClient 5 async over HTTP/2 with message multiplexing (one connection per host, calls past the server's
 * stream limit queued on it), as the component's transport uses it, trusting the simulator's certificate. Registered
 * as an extension, it closes after the test class.
 */
final class AsyncHttp2Client implements AutoCloseable, AfterAllCallback {

    private final CloseableHttpAsyncClient client;
    private final Supplier<CopilotSimulator> simulator;

    /** A client of the simulator {@code simulator} gives at each call (an extension's, once it runs). */
    AsyncHttp2Client(Supplier<CopilotSimulator> simulator) {
        this(simulator, HttpAsyncClients.customHttp2().setTlsStrategy(trustingTls()).build());
    }

    private AsyncHttp2Client(Supplier<CopilotSimulator> simulator, CloseableHttpAsyncClient client) {
        this.simulator = simulator;
        this.client = client;
        client.start();
    }

    /**
     * The pooling manager with message multiplexing, offering HTTP/2 and HTTP/1.1 by ALPN: it takes what the server
     * picks.
     */
    static AsyncHttp2Client negotiating(Supplier<CopilotSimulator> simulator) {
        return new AsyncHttp2Client(simulator, HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setTlsStrategy(trustingTls())
                        .setMessageMultiplexing(true)
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
                        .build())
                .build());
    }

    private static TlsStrategy trustingTls() {
        return ClientTlsStrategyBuilder.create().setSslContext(SimulatorTls.clientSslContext()).buildAsync();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    Future<SimpleHttpResponse> post(String path, String body) {
        SimpleHttpRequest request = SimpleRequestBuilder.post(simulator.get().baseUrl() + path)
                .setHeader("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN)
                .setBody(body, ContentType.APPLICATION_JSON)
                .build();
        return client.execute(request, null);
    }

    /** A chatOverStream call whose response body goes to {@code consumer} as it arrives. */
    <T> Future<T> stream(String conversationId, String prompt, AsyncResponseConsumer<T> consumer) {
        return client.execute(AsyncRequestBuilder.post(simulator.get().baseUrl() + "/copilot/conversations/"
                                                        + conversationId + "/chatOverStream")
                .setHeader("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN)
                .setHeader("Accept", "text/event-stream")
                .setEntity(chatBody(prompt), ContentType.APPLICATION_JSON)
                .build(), consumer, null);
    }

    /** Creates a conversation, and so opens (or warms) the connection. */
    String createConversation() throws Exception {
        SimpleHttpResponse created = post("/copilot/conversations", "{}").get();
        if (created.getCode() != 201) {
            throw new IllegalStateException("create failed: " + created.getCode() + " " + created.getBodyText());
        }
        return tree(created.getBodyText()).get("id").asText();
    }

    /** {@code count} chat calls at once on the conversation. */
    List<Future<SimpleHttpResponse>> chatBurst(String conversationId, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> post("/copilot/conversations/" + conversationId + "/chat", chatBody("call " + i)))
                .toList();
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
