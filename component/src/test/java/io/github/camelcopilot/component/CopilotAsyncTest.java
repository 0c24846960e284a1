package io.github.camelcopilot.component;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelcopilot.simulator.RecordedRequest;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The producers hold no thread while a call is in flight: one route thread keeps many calls open at once. */
class CopilotAsyncTest extends CopilotTestSupport {

    private static final int MESSAGES = 32;

    /** Answers no request before all of them have arrived: a producer that held its thread would never get there. */
    private static HostileServer gate;
    private static final CountDownLatch ARRIVED = new CountDownLatch(MESSAGES);
    private static final AtomicInteger ANSWERED_AFTER_ALL_ARRIVED = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void startGate() throws IOException {
        gate = HostileServer.start(c -> {
            ARRIVED.countDown();
            if (ARRIVED.await(30, TimeUnit.SECONDS)) {
                ANSWERED_AFTER_ALL_ARRIVED.incrementAndGet();
            }
            String conversation = "{\"id\":\"conv-" + IDS.incrementAndGet() + "\",\"turnCount\":0,\"messages\":[]}";
            c.head(201, "application/json", conversation.length());
            c.write(conversation);
        });
    }

    @AfterAll
    static void stopGate() throws IOException {
        gate.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a single consumer thread: a blocking producer would have one request open at a time
                from("seda:in?concurrentConsumers=1&size=" + MESSAGES)
                        .to("copilot:createConversation?maxRetries=0&baseUrl=" + gate.baseUrl())
                        .to("mock:done");
                from("direct:workIq").to("copilot:chat?apiLayout=workIq&baseUrl=" + SIMULATOR.workIqBaseUrl());
            }
        };
    }

    @Test
    void oneRouteThreadHasEveryCallInFlightAtOnce() throws Exception {
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(MESSAGES);
        done.setResultWaitTime(60_000);

        for (int i = 0; i < MESSAGES; i++) {
            template.sendBody("seda:in", "message " + i);
        }

        done.assertIsSatisfied();
        // every request reached the server before any was answered
        assertThat(ANSWERED_AFTER_ALL_ARRIVED).hasValue(MESSAGES);
        assertThat(gate.requests()).isEqualTo(MESSAGES);
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
