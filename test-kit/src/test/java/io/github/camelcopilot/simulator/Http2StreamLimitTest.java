package io.github.camelcopilot.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream limit, event streams and GOAWAY with a multiplexing HTTP/2 client (Apache HttpClient 5 async). */
class Http2StreamLimitTest {

    private static final int LIMIT = 10;

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension().http2(LIMIT);

    @RegisterExtension
    static AsyncHttp2Client client = new AsyncHttp2Client(extension::simulator);

    @Test
    void aBurstPastTheLimitOnAWarmConnectionCompletesWithinTheLimit(CopilotSimulator simulator) throws Exception {
        String conversationId = client.createConversation();
        simulator.faults().latency(Duration.ofMillis(200));

        List<Future<SimpleHttpResponse>> burst = client.chatBurst(conversationId, 5 * LIMIT);

        for (Future<SimpleHttpResponse> call : burst) {
            SimpleHttpResponse response = call.get();
            assertThat(response.getCode()).isEqualTo(200);
            assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
        }
        ConnectionStats http2 = simulator.connections(WireProtocol.HTTP_2);
        assertThat(http2.connections()).as("one warm connection").isEqualTo(1);
        assertThat(http2.maxStreamsInFlight()).as("the limit, reached and held").isEqualTo(LIMIT);
        assertThat(simulator.conversationTurnCount(conversationId)).hasValue(5 * LIMIT);
    }

    @Test
    void aStreamsEventsArriveOneByOne() throws Exception {
        // A pause far longer than the test: the first event can only arrive if it was sent on its own.
        try (CopilotSimulator slow = CopilotSimulator.start(SimulatorTransport.http2(LIMIT));
             AsyncHttp2Client slowClient = new AsyncHttp2Client(() -> slow)) {
            slow.streamEventDelay(Duration.ofHours(1));
            String conversationId = slowClient.createConversation();
            TextCollector received = new TextCollector();

            slowClient.stream(conversationId, "slowly", received);

            await().atMost(30, TimeUnit.SECONDS).until(() -> received.text().endsWith("\n\n"));
            assertThat(received.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(received.text()).startsWith("data: {").endsWith(EventStreamWriter.idLine(1) + "\n\n");
            assertThat(EventStreamParser.parse(received.text())).as("the first event alone").hasSize(1);
        }
    }

    @Test
    void goAwayMidBurstLetsTheStartedStreamsFinishAndLaterCallsGoToANewConnection(CopilotSimulator simulator)
            throws Exception {
        String conversationId = client.createConversation();
        simulator.faults().latency(Duration.ofMillis(500));

        List<Future<SimpleHttpResponse>> burst = client.chatBurst(conversationId, LIMIT);
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> simulator.connections(WireProtocol.HTTP_2).maxStreamsInFlight() == LIMIT);
        assertThat(simulator.goAway()).as("connections told").isEqualTo(1);

        for (Future<SimpleHttpResponse> call : burst) {
            assertThat(call.get().getCode()).as("a stream started before GOAWAY").isEqualTo(200);
        }
        simulator.faults().latency(Duration.ZERO);
        // A call the client still puts on the closing connection is refused unprocessed, which RFC 9113 lets it retry.
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> client.post("/copilot/conversations", "{}").get().getCode() == 201);
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).as("a new connection after GOAWAY")
                .isEqualTo(2);
        assertThat(simulator.conversationTurnCount(conversationId)).hasValue(LIMIT);
    }
}
