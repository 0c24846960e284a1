package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.client.FailureKind;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the copilot component stops, exchanges still waiting (for a retry, a token or a response) end with a
 * CopilotException saying so; none is left in flight.
 */
class CopilotComponentStopTest extends CopilotTestSupport {

    private static CopilotException failureOf(Future<Exchange> sent) throws Exception {
        await().until(sent::isDone);
        Exchange done = sent.get();
        assertThat(done.getException()).isInstanceOf(CopilotException.class);
        return (CopilotException) done.getException();
    }

    private Future<Exchange> chat(String uri) {
        return template.asyncSend(uri, exchange -> exchange.getMessage().setBody("Are you there?"));
    }

    @Test
    void stoppingCamelFailsAnExchangeWaitingForARetryAfter() throws Exception {
        simulator().faults().enqueue(Fault.throttled("30"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to("copilot:chat?maxRetryDelay=60000");
            }
        });
        Future<Exchange> sent = chat("direct:ask");
        await().until(() -> simulator().requestCount() == 1);

        context.getShutdownStrategy().setTimeout(1); // the route's in-flight exchange gets a second, then the component stops
        context.stop();

        CopilotException error = failureOf(sent);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.getStatusCode()).isZero();
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertThat(simulator().requestCount()).isEqualTo(1);
    }

    @Test
    void stoppingTheComponentFailsAnExchangeWaitingForItsToken() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CopilotTokenProvider silent = request -> {
            asked.countDown();
            return new CompletableFuture<>();
        };
        context.getRegistry().bind("silent", silent);
        Future<Exchange> sent = chat("copilot:chat?tokenProvider=#silent");
        asked.await();

        context.getComponent("copilot").stop();

        CopilotException error = failureOf(sent);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void stoppingTheComponentAbortsAnExchangeWaitingForItsResponse() throws Exception {
        try (HostileServer server = HostileServer.start(HostileServer.Connection::silence)) {
            Future<Exchange> sent = chat("copilot:chat?conversationId=7d3c0c7e-0000-4000-8000-000000000000&baseUrl="
                                         + server.baseUrl() + "/beta");
            await().until(() -> server.requests() == 1);

            context.getComponent("copilot").stop();

            CopilotException error = failureOf(sent);
            assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
            assertThat(error.isPossiblyProcessed()).isTrue();
            assertThat(server.awaitPeerClosed(Duration.ofSeconds(10))).as("connection released").isTrue();
        }
    }
}
