package io.github.camelcopilot.component;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotAuthorizationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNotFoundException;
import io.github.camelcopilot.client.CopilotThrottledException;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CopilotErrorsTest extends CopilotTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:create").to("copilot:createConversation");
                from("direct:chat").to("copilot:chat");
                from("direct:noRetry").to("copilot:chat?maxRetries=0");
                from("direct:patient").to("copilot:createConversation?maxRetryDelay=200");
                from("direct:impatient").to("copilot:createConversation?requestTimeout=300");
                from("direct:impatientChat").to("copilot:chat?requestTimeout=300");
            }
        };
    }

    private Exchange create() {
        return template.request("direct:create", e -> { });
    }

    @ParameterizedTest
    @CsvSource({
            "400, io.github.camelcopilot.client.CopilotException",
            "401, io.github.camelcopilot.client.CopilotAuthenticationException",
            "403, io.github.camelcopilot.client.CopilotAuthorizationException",
            "404, io.github.camelcopilot.client.CopilotNotFoundException",
            "500, io.github.camelcopilot.client.CopilotException" })
    void nonRetriedStatusesMapToTheirExceptionAfterOneRequest(int status, Class<?> type) {
        simulator().faults().enqueue(Fault.status(status));

        Exchange result = create();

        CopilotException error = result.getException(CopilotException.class);
        assertThat(error).isExactlyInstanceOf(type);
        assertThat(error.getStatusCode()).isEqualTo(status);
        assertThat(error.getErrorCode()).isNotBlank();
        assertThat(error.getRequestId()).isNotBlank();
        assertThat(error.getClientRequestId()).isEqualTo(simulator().requests().get(0).header("client-request-id"));
        assertThat(error.getRequestId()).isNotNull();
        assertThat(error.getMessage()).doesNotContain(simulatorToken());
        assertThat(simulator().requestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({ "429", "503", "504" })
    void retriedStatusesFailAfterMaxRetriesWithTheRightException(int status) {
        simulator().faults().enqueue(Fault.status(status), 4);

        Exchange result = create();

        CopilotException error = result.getException(CopilotException.class);
        assertThat(error.getStatusCode()).isEqualTo(status);
        assertThat(error).isInstanceOf(status == 429 ? CopilotThrottledException.class : CopilotException.class);
        assertThat(error.getAttempts()).isEqualTo(4);
        assertThat(error.getFailureKind()).isEqualTo(status == 504 ? FailureKind.OUTCOME_UNKNOWN : FailureKind.TURNED_AWAY);
        assertThat(simulator().requestCount()).isEqualTo(4);
        assertThat(simulator().requests()).extracting(r -> r.header("client-request-id")).doesNotHaveDuplicates();
    }

    @Test
    void anHtmlGatewayPageIsReportedClearly() {
        simulator().faults().enqueue(Fault.html(500));

        CopilotException error = create().getException(CopilotException.class);

        assertThat(error.getStatusCode()).isEqualTo(500);
        assertThat(error.getErrorCode()).isNull();
        assertThat(error.getStatusCode()).isEqualTo(500);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.SERVER_FAILED);
    }

    @Test
    void anEmptyErrorBodyIsReportedClearly() {
        simulator().faults().enqueue(Fault.empty(502));

        CopilotException error = create().getException(CopilotException.class);

        assertThat(error.getStatusCode()).isEqualTo(502);
        assertThat(error.getErrorCode()).isNull();
    }

    @Test
    void aWrongTokenIsAnAuthenticationError() {
        simulator().acceptTokens("another-token");

        CopilotException error = create().getException(CopilotAuthenticationException.class);

        assertThat(error.getErrorCode()).isEqualTo("InvalidAuthenticationToken");
        assertThat(error.getMessage()).doesNotContain(simulatorToken());
    }

    @Test
    void anUnknownConversationIsNotFound() {
        Exchange result = template.request("direct:chat", e -> {
            e.getMessage().setBody("Hello");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, "7d3c0c7e-0000-4000-8000-000000000000");
        });

        assertThat(result.getException()).isInstanceOf(CopilotNotFoundException.class);
    }

    @Test
    void aFractionalRetryAfterIsHonouredToTheMillisecond() {
        simulator().faults().enqueue(Fault.throttled("0.25"));

        Exchange result = create();

        assertThat(result.getException()).isNull();
        List<RecordedRequest> requests = simulator().requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void anHttpDateRetryAfterIsHonoured() {
        String inOneSecond = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0));
        simulator().faults().enqueue(Fault.unavailable(inOneSecond));

        Exchange result = create();

        assertThat(result.getException()).isNull();
        List<RecordedRequest> requests = simulator().requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).receivedAt())
                .isAfterOrEqualTo(ZonedDateTime.parse(inOneSecond, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    }

    @Test
    void aRetryAfterLongerThanMaxRetryDelayFailsAtOnceWithTheWait() {
        simulator().faults().enqueue(Fault.throttled("30"));

        CopilotThrottledException error = template.request("direct:patient", e -> { })
                .getException(CopilotThrottledException.class);

        assertThat(error.getRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(simulator().requestCount()).isEqualTo(1);
    }

    @Test
    void connectionResetsOfACreateAreRetried() {
        simulator().faults().enqueue(Fault.connectionReset(), 2);

        Exchange result = create();

        assertThat(result.getException()).isNull();
        assertThat(simulator().requestCount()).isEqualTo(3);
        assertThat(simulator().conversationCount()).isEqualTo(1);
    }

    @Test
    void aChatResponseTimeoutIsNotRetried() {
        String conversation = create().getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
        simulator().faults().enqueue(Fault.hang(Duration.ofSeconds(2)).on(Fault.Operation.CHAT));

        CopilotException error = template.request("direct:impatientChat", e -> {
            e.getMessage().setBody("Slow question");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, conversation);
        }).getException(CopilotException.class);

        assertThat(error.getFailureKind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(error).hasCauseInstanceOf(java.io.IOException.class);
        // The one test of the documented note: what the route can do about a possibly processed turn.
        assertThat(error.getMessage()).contains("retryPossiblyProcessed");
        assertThat(error.isPossiblyProcessed()).isTrue();
        assertThat(simulator().requests()).filteredOn(r -> r.path().endsWith("/chat")).hasSize(1);
    }

    @Test
    void aCreateResponseTimeoutIsRetried() {
        simulator().faults().enqueue(Fault.hang(Duration.ofSeconds(2)).on(Fault.Operation.CREATE));

        Exchange result = template.request("direct:impatient", e -> { });

        assertThat(result.getException()).isNull();
        assertThat(simulator().requestCount()).isEqualTo(2);
    }

    @Test
    void chatIsRetriedAfterThrottlingAndAnswers() {
        simulator().faults().enqueue(Fault.throttled("0.05").on(Fault.Operation.CHAT));

        Exchange result = template.request("direct:chat", e -> e.getMessage().setBody("Retry me"));

        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Retry me"));
        assertThat(simulator().requests()).extracting(RecordedRequest::path).hasSize(3);
    }

    @Test
    void maxRetriesZeroDisablesRetrying() {
        simulator().faults().enqueue(Fault.throttled("0.05").on(Fault.Operation.CHAT));

        Exchange result = template.request("direct:noRetry", e -> e.getMessage().setBody("No retry"));

        assertThat(result.getException()).isInstanceOf(CopilotThrottledException.class);
        assertThat(simulator().requestCount()).isEqualTo(2); // the create, then one chat
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:nowhere").to("copilot:createConversation?baseUrl=http://127.0.0.1:" + closedPort
                                          + "/beta&maxRetries=2");
            }
        });

        CopilotException error = template.request("direct:nowhere", e -> { }).getException(CopilotException.class);

        assertThat(error.getStatusCode()).isZero();
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.NOT_SENT);
        assertThat(error).hasCauseInstanceOf(java.net.ConnectException.class);
        assertThat(error.getAttempts()).isEqualTo(3);
        assertThat(error.isPossiblyProcessed()).isFalse();
    }

    private static String simulatorToken() {
        return io.github.camelcopilot.simulator.CopilotSimulator.DEFAULT_TOKEN;
    }
}
