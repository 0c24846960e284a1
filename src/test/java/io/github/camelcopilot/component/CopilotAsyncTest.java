package io.github.camelcopilot.component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.camelcopilot.simulator.RecordedRequest;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The producers hold no thread while a call is in flight: one route thread keeps many calls open at once. */
class CopilotAsyncTest extends CopilotTestSupport {

    private static final int MESSAGES = 32;
    private static final Duration LATENCY = Duration.ofSeconds(3);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a single consumer thread: a blocking producer would send one request per LATENCY
                from("seda:in?concurrentConsumers=1&size=" + MESSAGES)
                        .to("copilot:createConversation")
                        .to("mock:done");
                from("direct:workIq").to("copilot:chat?apiLayout=workIq&baseUrl=" + SIMULATOR.workIqBaseUrl());
            }
        };
    }

    @Test
    void oneRouteThreadHasEveryCallInFlightAtOnce() throws Exception {
        simulator().faults().latency(LATENCY);
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(MESSAGES);
        done.setResultWaitTime(60_000);

        for (int i = 0; i < MESSAGES; i++) {
            template.sendBody("seda:in", "message " + i);
        }

        done.assertIsSatisfied();
        List<Instant> received = simulator().requests().stream().map(RecordedRequest::receivedAt).sorted().toList();
        assertThat(received).hasSize(MESSAGES);
        // every request reached the server before the first answer could have come back
        assertThat(Duration.between(received.get(0), received.get(MESSAGES - 1))).isLessThan(LATENCY);
        assertThat(done.getExchanges()).extracting(e -> e.getMessage().getHeader(CopilotConstants.CONVERSATION_ID))
                .doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void theWorkIqLayoutHasNoCopilotSegment() {
        String reply = template.requestBody("direct:workIq", "Via Work IQ", String.class);

        assertThat(reply).isEqualTo(io.github.camelcopilot.simulator.SimulatorReplies.replyFor("Via Work IQ"));
        assertThat(simulator().requests()).extracting(RecordedRequest::path)
                .allMatch(path -> path.startsWith("/rest/beta/conversations"));
    }
}
