package io.github.camelcopilot.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The TLS + HTTP/2 server holds a thousand slow calls at once, and hundreds of open streams. */
class Http2BurstTest {

    private static final int SLOW_CALLS = 1_000;
    private static final int OPEN_STREAMS = 300;

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension().http2(SLOW_CALLS);

    @RegisterExtension
    static AsyncHttp2Client client = new AsyncHttp2Client(extension::simulator);

    @Test
    void holdsAThousandSlowCallsAtOnce(CopilotSimulator simulator) throws Exception {
        String conversationId = client.createConversation();
        // long enough that all of them are in progress at once even on a busy 2-core machine (1,000 threads to start)
        simulator.faults().latency(Duration.ofSeconds(15));

        List<Future<SimpleHttpResponse>> burst = client.chatBurst(conversationId, SLOW_CALLS);
        await().atMost(2, TimeUnit.MINUTES)
                .until(() -> simulator.connections(WireProtocol.HTTP_2).maxStreamsInFlight() == SLOW_CALLS);
        System.out.println("Simulator threads with " + SLOW_CALLS + " slow calls in progress: " + simulatorThreads());

        for (Future<SimpleHttpResponse> call : burst) {
            assertThat(call.get().getCode()).isEqualTo(200);
        }
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).isEqualTo(1);
        assertThat(simulator.conversationTurnCount(conversationId)).hasValue(SLOW_CALLS);
    }

    @Test
    void holdsHundredsOfOpenStreams(CopilotSimulator simulator) throws Exception {
        simulator.streamEventDelay(Duration.ofMillis(200));
        List<String> conversations = IntStream.range(0, OPEN_STREAMS).mapToObj(i -> {
            try {
                return client.createConversation();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();

        List<Future<String>> streams = conversations.stream()
                .map(id -> client.stream(id, "open stream", new TextCollector())).toList();
        await().atMost(2, TimeUnit.MINUTES)
                .until(() -> simulator.connections(WireProtocol.HTTP_2).maxStreamsInFlight() == OPEN_STREAMS);
        System.out.println("Simulator threads with " + OPEN_STREAMS + " open streams: " + simulatorThreads());

        for (Future<String> stream : streams) {
            List<EventStreamParser.RawEvent> events = EventStreamParser.parse(stream.get());
            assertThat(tree(events.get(events.size() - 1).data()).get("turnCount").asInt()).isEqualTo(1);
        }
    }

    private static long simulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("copilot-simulator-")).count();
    }
}
