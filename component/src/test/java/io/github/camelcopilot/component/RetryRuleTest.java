package io.github.camelcopilot.component;

import java.net.ServerSocket;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.client.FailureKind;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component retries on its own only what the service cannot have processed; a chat turn the service may have
 * processed is never sent twice unless retryPossiblyProcessed opts in. Counted from the requests the simulator got.
 */
class RetryRuleTest extends CopilotTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
                from("direct:stream").to("copilot:chatOverStream?streamMode=final");
                from("direct:chatRetryingAll").to("copilot:chat?retryPossiblyProcessed=true");
                from("direct:streamRetryingAll").to("copilot:chatOverStream?streamMode=final&retryPossiblyProcessed=true");
            }
        };
    }

    private long turnsSent(String prompt) {
        return simulator().requests().stream().filter(r -> r.body().contains(prompt)).count();
    }

    /** A 504 or a reset connection on the turn's own request, once. */
    private static Fault possiblyProcessing(String fault, String route) {
        Fault.Operation operation = route.contains("tream") ? Fault.Operation.STREAM : Fault.Operation.CHAT;
        return (fault.equals("504") ? Fault.status(504) : Fault.connectionReset()).on(operation);
    }

    @ParameterizedTest
    @CsvSource({"direct:chat, 504", "direct:stream, 504", "direct:chat, reset", "direct:stream, reset"})
    void aTurnTheServiceMayHaveProcessedIsNotRetriedAndTheErrorSaysSo(String route, String fault) {
        String id = conversation();
        simulator().faults().enqueue(possiblyProcessing(fault, route));

        Exchange result = ask(route, id, "Unlucky question");

        CopilotException error = result.getException(CopilotException.class);
        assertThat(error.getStatusCode()).isEqualTo(fault.equals("504") ? 504 : 0);
        assertThat(error.isPossiblyProcessed()).isTrue();
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(error.getAttempts()).isEqualTo(1);
        assertThat(turnsSent("Unlucky question")).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"direct:chatRetryingAll, 504", "direct:streamRetryingAll, 504",
            "direct:chatRetryingAll, reset", "direct:streamRetryingAll, reset"})
    void retryPossiblyProcessedRetriesThem(String route, String fault) {
        String id = conversation();
        simulator().faults().enqueue(possiblyProcessing(fault, route));

        Exchange result = ask(route, id, "Retry me anyway");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Retry me anyway"));
        assertThat(turnsSent("Retry me anyway")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct:chat", "direct:stream"})
    void a503AndA429AreRetriedSinceTheServiceTurnedTheTurnAway(String route) {
        String id = conversation();
        Fault.Operation operation = route.contains("stream") ? Fault.Operation.STREAM : Fault.Operation.CHAT;
        simulator().faults().enqueue(Fault.unavailable("0.02").on(operation))
                .enqueue(Fault.throttled("0.02").on(operation));

        Exchange result = ask(route, id, "Busy question");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Busy question"));
        assertThat(turnsSent("Busy question")).isEqualTo(3);
    }

    @Test
    void aStreamThatBreaksOffIsNotRetriedAndMayHaveBeenProcessed() {
        String id = conversation();
        simulator().faults().enqueue(Fault.truncatedStream());

        CopilotException error = ask("direct:streamRetryingAll", id, "Cut short").getException(CopilotException.class);

        assertThat(error.getFailureKind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(error.getStatusCode()).isEqualTo(200);
        assertThat(error.isPossiblyProcessed()).isTrue();
        assertThat(turnsSent("Cut short")).isEqualTo(1);
    }

    @Test
    void theCreateBeforeAChatIsRetriedAfterALostConnectionOrA504() {
        simulator().faults().enqueue(Fault.connectionReset().on(Fault.Operation.CREATE))
                .enqueue(Fault.status(504).on(Fault.Operation.CREATE));

        Exchange result = template.request("direct:chat", e -> e.getMessage().setBody("New conversation"));

        assertThat(result.getException()).isNull();
        assertThat(simulator().requests()).extracting(r -> r.path().endsWith("/chat") ? "chat" : "create")
                .containsExactly("create", "create", "create", "chat");
    }

    @Test
    void anotherServerErrorIsNotRetriedAndMarkedPossiblyProcessed() {
        String id = conversation();
        simulator().faults().enqueue(Fault.status(500).on(Fault.Operation.CHAT));

        CopilotException error = ask("direct:chatRetryingAll", id, "Broken question").getException(CopilotException.class);

        assertThat(error.getStatusCode()).isEqualTo(500);
        assertThat(error.isPossiblyProcessed()).as("a failed service does not say whether it recorded the turn").isTrue();
        assertThat(turnsSent("Broken question")).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedSinceNothingWasSent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String uri = "copilot:chat?conversationId=7d3c0c7e-0000-4000-8000-000000000000&maxRetries=2&baseUrl=http://127.0.0.1:"
                     + closedPort + "/beta";

        CopilotException error = template.request(uri, e -> e.getMessage().setBody("Nobody home"))
                .getException(CopilotException.class);

        assertThat(error).hasCauseInstanceOf(java.net.ConnectException.class);
        assertThat(error.getAttempts()).isEqualTo(3);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.NOT_SENT);
        assertThat(error.isPossiblyProcessed()).isFalse();
    }
}
