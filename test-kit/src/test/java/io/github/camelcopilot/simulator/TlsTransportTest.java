package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The TLS transports over real sockets with the JDK's HttpClient, which asks for HTTP/2 by ALPN. */
class TlsTransportTest {

    private static final HttpClient HTTP2_CLIENT = HttpClient.newBuilder()
            .sslContext(SimulatorTls.clientSslContext())
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP2_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String createConversation(CopilotSimulator simulator) throws IOException, InterruptedException {
        HttpResponse<String> created = send(post(simulator.baseUrl() + "/copilot/conversations", "{}").build());
        assertThat(created.statusCode()).isEqualTo(201);
        return tree(created.body()).get("id").asText();
    }

    @Nested
    class Http2 {

        @RegisterExtension
        static CopilotSimulatorExtension extension = new CopilotSimulatorExtension().http2(10);

        @Test
        void servesTheApiOverHttp2ByAlpnAtALocalhostUrl(CopilotSimulator simulator) throws Exception {
            assertThat(simulator.baseUrl()).isEqualTo("https://localhost:" + simulator.port() + "/beta");
            assertThat(simulator.transport().maxConcurrentStreams()).isEqualTo(10);

            String conversationId = createConversation(simulator);
            HttpResponse<String> chat = send(post(simulator.baseUrl() + "/copilot/conversations/" + conversationId
                                                  + "/chat", chatBody("Hello over h2")).build());

            assertThat(chat.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.headers().firstValue("content-type")).hasValue(ExchangeResponder.GRAPH_JSON);
            assertThat(chat.headers().firstValue("request-id")).isPresent();
            assertThat(tree(chat.body()).get("turnCount").asInt()).isEqualTo(1);
            assertThat(tree(chat.body()).get("@odata.context").asText()).startsWith(simulator.baseUrl());
            assertThat(simulator.requests()).hasSize(2);
            assertThat(simulator.requests().get(1).header("content-type")).isEqualTo("application/json");
            assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isEqualTo(1);
            assertThat(simulator.connections(WireProtocol.HTTP_1_1).connections()).isZero();
        }

        @Test
        void streamsTheWholeEventSequence(CopilotSimulator simulator) throws Exception {
            String conversationId = createConversation(simulator);
            HttpResponse<String> stream = send(post(simulator.baseUrl() + "/copilot/conversations/" + conversationId
                                                    + "/chatOverStream", chatBody("Stream it")).build());

            assertThat(stream.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(stream.headers().firstValue("content-type")).hasValue("text/event-stream");
            List<EventStreamParser.RawEvent> events = EventStreamParser.parse(stream.body());
            assertThat(events).hasSize(2 + SimulatorReplies.streamTextsFor("Stream it").size() + 2);
            assertThat(tree(events.get(events.size() - 1).data()).get("turnCount").asInt()).isEqualTo(1);
        }

        @Test
        void injectsFaultsAsOverHttp1(CopilotSimulator simulator) throws Exception {
            String conversationId = createConversation(simulator);
            String chatUrl = simulator.baseUrl() + "/copilot/conversations/" + conversationId + "/chat";
            simulator.faults().enqueue(Fault.throttled("2.128")).enqueue(Fault.empty(503))
                    .enqueue(Fault.connectionReset()).enqueue(Fault.truncatedStream());

            HttpResponse<String> throttled = send(post(chatUrl, chatBody("one")).build());
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("retry-after")).hasValue("2.128");
            assertThat(tree(throttled.body()).at("/error/code").asText()).isNotEmpty();
            HttpResponse<String> empty = send(post(chatUrl, chatBody("two")).build());
            assertThat(empty.statusCode()).isEqualTo(503);
            assertThat(empty.body()).isEmpty();
            assertThatThrownBy(() -> send(post(chatUrl, chatBody("three")).build())).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> send(post(simulator.baseUrl() + "/copilot/conversations/" + conversationId
                                               + "/chatOverStream", chatBody("four")).build()))
                    .isInstanceOf(IOException.class);

            assertThat(simulator.faults().applied()).hasSize(4);
            assertThat(simulator.conversationTurnCount(conversationId)).as("only the truncated stream added a turn")
                    .hasValue(1);
            HttpResponse<String> after = send(post(chatUrl, chatBody("five")).build());
            assertThat(after.statusCode()).as("the connection still serves").isEqualTo(200);
        }

        @Test
        void servesEntraOverHttp2(CopilotSimulator simulator) throws Exception {
            HttpResponse<String> keys = HTTP2_CLIENT.send(HttpRequest.newBuilder(
                    URI.create(simulator.authorityEndpoint() + "/common/discovery/v2.0/keys")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(simulator.authorityEndpoint()).startsWith("https://localhost:");
            assertThat(keys.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(keys.statusCode()).isEqualTo(200);
            assertThat(tree(keys.body()).get("keys")).isNotEmpty();
        }

        @Test
        void givesHttp2ToAnApacheClientOfferingBoth(CopilotSimulator simulator) throws Exception {
            try (AsyncHttp2Client apache = AsyncHttp2Client.negotiating(() -> simulator)) {
                assertThat(apache.post("/copilot/conversations", "{}").get().getVersion())
                        .isEqualTo(org.apache.hc.core5.http.HttpVersion.HTTP_2);
            }
        }

        @Test
        void refusesAnUntrustingClient(CopilotSimulator simulator) {
            HttpClient untrusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

            assertThatThrownBy(() -> untrusting.send(post(simulator.baseUrl() + "/copilot/conversations", "{}")
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Nested
    class Http1OverTlsOnly {

        @RegisterExtension
        static CopilotSimulatorExtension extension = new CopilotSimulatorExtension().http1OverTlsOnly();

        @Test
        void answersHttp1ToAClientAskingForHttp2(CopilotSimulator simulator) throws Exception {
            String conversationId = createConversation(simulator);
            HttpResponse<String> chat = send(post(simulator.baseUrl() + "/copilot/conversations/" + conversationId
                                                  + "/chat", chatBody("Hello over h1")).build());

            assertThat(simulator.baseUrl()).startsWith("https://localhost:");
            assertThat(chat.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.headers().firstValue("content-length")).as("a known length, as HttpServer sends it")
                    .hasValue(String.valueOf(chat.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isZero();
            assertThat(simulator.connections(WireProtocol.HTTP_1_1).connections()).as("kept alive").isEqualTo(1);
            assertThat(simulator.goAway()).as("no HTTP/2 connection to tell").isZero();
        }

        @Test
        void answersHttp1ToAnApacheClientOfferingHttp2(CopilotSimulator simulator) throws Exception {
            try (AsyncHttp2Client apache = AsyncHttp2Client.negotiating(() -> simulator)) {
                org.apache.hc.client5.http.async.methods.SimpleHttpResponse created =
                        apache.post("/copilot/conversations", "{}").get();

                assertThat(created.getCode()).isEqualTo(201);
                assertThat(created.getVersion()).isEqualTo(org.apache.hc.core5.http.HttpVersion.HTTP_1_1);
            }
        }

        @Test
        void aConnectionResetClosesTheConnectionWithoutAResponse(CopilotSimulator simulator) throws Exception {
            simulator.faults().enqueue(Fault.connectionReset());

            assertThatThrownBy(() -> send(post(simulator.baseUrl() + "/copilot/conversations", "{}").build()))
                    .isInstanceOf(IOException.class);
            assertThat(simulator.conversationCount()).isZero();
        }
    }

    @Test
    void theTrustStoreIsAResourceAndAFileHoldingOnlyTheCertificate() throws Exception {
        java.security.KeyStore fromFile = java.security.KeyStore.getInstance(SimulatorTls.TRUST_STORE_TYPE);
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(SimulatorTls.trustStorePath())) {
            fromFile.load(in, SimulatorTls.TRUST_STORE_PASSWORD.toCharArray());
        }

        assertThat(getClass().getClassLoader().getResource(SimulatorTls.TRUST_STORE_RESOURCE)).isNotNull();
        assertThat(java.util.Collections.list(fromFile.aliases())).singleElement()
                .satisfies(alias -> assertThat(fromFile.isCertificateEntry(alias)).isTrue());
        java.security.cert.X509Certificate certificate = (java.security.cert.X509Certificate)
                fromFile.getCertificate(fromFile.aliases().nextElement());
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }

    @Test
    void theTransportIsChosenBeforeTheSimulatorStarts() {
        CopilotSimulatorExtension extension = new CopilotSimulatorExtension().tls();
        extension.beforeAll(null);
        try {
            assertThat(extension.simulator().transport().maxConcurrentStreams())
                    .isEqualTo(SimulatorTransport.DEFAULT_MAX_CONCURRENT_STREAMS);
            assertThatThrownBy(() -> extension.http1OverTlsOnly()).isInstanceOf(IllegalStateException.class);
        } finally {
            extension.afterAll(null);
        }
    }

    @Test
    void aStreamsEventsArriveOneByOneOverHttp2() throws Exception {
        // A pause far longer than the test: the first event can only arrive if it was sent on its own.
        try (CopilotSimulator simulator = CopilotSimulator.start(SimulatorTransport.http2(10))) {
            simulator.streamEventDelay(Duration.ofHours(1));
            String conversationId = createConversation(simulator);
            HttpResponse<Stream<String>> stream = HTTP2_CLIENT.send(post(simulator.baseUrl()
                    + "/copilot/conversations/" + conversationId + "/chatOverStream", chatBody("slowly")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.version()).isEqualTo(HttpClient.Version.HTTP_2);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    stream.body().forEach(lines::add);
                } catch (java.io.UncheckedIOException closedAtTheEnd) {
                    // The simulator closes in the middle of its pause.
                }
            }, "event-reader");
            reader.setDaemon(true);
            reader.start();

            await().atMost(30, TimeUnit.SECONDS).until(() -> lines.size() >= 3);
            assertThat(lines.get(0)).startsWith("data: {");
            assertThat(lines.get(1)).isEqualTo(EventStreamWriter.idLine(1));
            assertThat(lines.get(2)).isEmpty();
            assertThat(lines).as("nothing past the first event yet").hasSize(3);
        }
    }
}
