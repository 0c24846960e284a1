package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorTls;
import io.github.camelcopilot.simulator.SimulatorTransport;
import io.github.camelcopilot.simulator.WireProtocol;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The path users run: TLS, HTTP/2 negotiated by ALPN, a server that limits concurrent streams per connection and
 * sometimes sends GOAWAY, and a server that offers HTTP/1.1 only. Against the test kit's simulator over real sockets,
 * its certificate trusted through Camel's {@link SSLContextParameters}.
 */
class Http2ProductionPathTest {

    private static final int STREAM_LIMIT = 10;
    private CopilotSimulator simulator;
    private CamelContext camel;
    private ProducerTemplate template;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(SimulatorTransport transport, String options) throws Exception {
        simulator = CopilotSimulator.start(0, transport);
        camel = new DefaultCamelContext();
        CopilotComponent copilot = new CopilotComponent();
        CopilotConfiguration config = copilot.getConfiguration();
        config.setBaseUrl(simulator.baseUrl());
        config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
        config.setSslContextParameters(trusting());
        camel.addComponent("copilot", copilot);
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat" + options);
                from("direct:stream").to("copilot:chatOverStream?streamMode=final" + options.replace('?', '&'));
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    /** Camel's TLS settings trusting the simulator's certificate, as a user trusts a corporate CA. */
    static SSLContextParameters trusting() {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + SimulatorTls.trustStorePath());
        store.setPassword(SimulatorTls.TRUST_STORE_PASSWORD);
        store.setType(SimulatorTls.TRUST_STORE_TYPE);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trust);
        return ssl;
    }

    private List<CompletableFuture<Exchange>> burst(int chats, int streams) {
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            calls.add(template.asyncSend("direct:chat", e -> e.getMessage().setBody("Burst question")));
        }
        for (int i = 0; i < streams; i++) {
            calls.add(template.asyncSend("direct:stream", e -> e.getMessage().setBody("Burst stream")));
        }
        return calls;
    }

    private static void assertAllAnswered(List<CompletableFuture<Exchange>> calls) throws Exception {
        for (CompletableFuture<Exchange> call : calls) {
            Exchange done = call.get(60, TimeUnit.SECONDS);
            assertThat(done.getException()).as("call failed").isNull();
            assertThat(done.getMessage().getBody(String.class)).isNotBlank();
        }
    }

    @Test
    void aBurstPastTheStreamLimitOnAWarmConnectionAllCompletes() throws Exception {
        start(SimulatorTransport.http2(STREAM_LIMIT), "?maxStreamsPerConnection=" + STREAM_LIMIT);
        assertThat(template.send("direct:chat", e -> e.getMessage().setBody("Warm up")).getException()).isNull();
        simulator.faults().latency(Duration.ofMillis(300)); // turns overlap, so the limit is met

        List<CompletableFuture<Exchange>> calls = burst(60, 60);

        assertAllAnswered(calls);
        // 120 calls, 10 per connection: connections were added for the burst, not one per call
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isBetween(2, 120 / STREAM_LIMIT + 1);
        assertThat(simulator.connections(WireProtocol.HTTP_1_1).connections()).isZero();
    }

    @Test
    void aColdBurstSharesConnectionsInsteadOfOpeningOnePerCall() throws Exception {
        start(SimulatorTransport.http2(STREAM_LIMIT), "?maxStreamsPerConnection=" + STREAM_LIMIT);
        simulator.faults().latency(Duration.ofMillis(300));

        List<CompletableFuture<Exchange>> calls = burst(50, 0);

        assertAllAnswered(calls);
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isLessThanOrEqualTo(50 / STREAM_LIMIT + 1);
    }

    @Test
    void aServerAllowingFewerStreamsThanTheComponentUsesQueuesTheRestOnItsConnection() throws Exception {
        start(SimulatorTransport.http2(3), ""); // the component's default (100 per connection) is above the limit
        template.send("direct:chat", e -> e.getMessage().setBody("Warm up"));
        simulator.faults().latency(Duration.ofMillis(200));

        List<CompletableFuture<Exchange>> calls = burst(15, 15);

        assertAllAnswered(calls);
        // the extra calls waited for a stream on the warm connection (the server refuses streams past its limit)
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isEqualTo(1);
    }

    @Test
    void aGoAwayMidBurstLosesNothingAndSendsNoTurnTwice() throws Exception {
        start(SimulatorTransport.http2(STREAM_LIMIT), "?maxStreamsPerConnection=" + STREAM_LIMIT);
        template.send("direct:chat", e -> e.getMessage().setBody("Warm up"));
        int before = simulator.requestCount();
        simulator.faults().latency(Duration.ofMillis(500));

        List<CompletableFuture<Exchange>> calls = burst(40, 0);
        await().until(() -> simulator.requestCount() > before);
        int told = simulator.goAway();

        assertAllAnswered(calls);
        assertThat(told).as("connections told to go away").isPositive();
        // each chat without a conversation id creates one, then chats once: a refused or unsent request was not
        // handled, so no turn arrived twice
        long chats = simulator.requests().stream().skip(before).filter(r -> r.path().endsWith("/chat")).count();
        assertThat(chats).isEqualTo(40);
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isGreaterThan(1);
    }

    @Test
    void aServerOfferingOnlyHttp11OverTlsIsSpokenTo() throws Exception {
        start(SimulatorTransport.http1OverTlsOnly(), "");

        List<CompletableFuture<Exchange>> calls = burst(10, 10);

        assertAllAnswered(calls);
        assertThat(simulator.connections(WireProtocol.HTTP_1_1).connections()).isPositive();
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isZero();
    }
}
