package io.github.camelcopilot.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelcopilot.simulator.EventStreamParser.RawEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.ErrorResponsesTest.assertGraphError;
import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorFaultsTest {

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension();

    private CopilotSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void setUp(CopilotSimulator simulator) {
        this.simulator = simulator;
        this.http = new SimulatorHttp(simulator);
    }

    private HttpResponse<String> create() throws Exception {
        return http.post("/copilot/conversations", "{}");
    }

    @Test
    void statusFaultAnswersAGraphErrorOnceThenNormally() throws Exception {
        simulator.faults().enqueue(Fault.status(500));

        assertGraphError(create(), 500, "InternalServerError");
        assertThat(create().statusCode()).isEqualTo(201);
        assertThat(simulator.conversationCount()).isEqualTo(1);
    }

    @Test
    void statusFaultsCarryPlausibleCodes() throws Exception {
        int[] statuses = {400, 401, 403, 404, 429, 500, 503, 504};
        String[] codes = {"BadRequest", "InvalidAuthenticationToken", "Forbidden", "NotFound", "TooManyRequests",
            "InternalServerError", "ServiceUnavailable", "GatewayTimeout"};
        for (int status : statuses) {
            simulator.faults().enqueue(Fault.status(status));
        }
        for (int i = 0; i < statuses.length; i++) {
            assertGraphError(create(), statuses[i], codes[i]);
        }
        assertThat(simulator.conversationCount()).isZero();
    }

    @Test
    void innerErrorCasingVariesByStatus() throws Exception {
        simulator.faults().enqueue(Fault.status(500)).enqueue(Fault.status(503));

        String lowerCamel = create().body();
        String lower = create().body();

        assertThat(tree(lowerCamel).get("error").has("innerError")).isTrue();
        assertThat(tree(lower).get("error").has("innererror")).isTrue();
        assertThat(ErrorResponsesTest.innerError(tree(lower).get("error")).get("request-id").asText()).isNotBlank();
    }

    @Test
    void forbiddenNamesTheLikelyCauses() throws Exception {
        simulator.faults().enqueue(Fault.status(403));

        JsonNode error = assertGraphError(create(), 403, "Forbidden");

        assertThat(error.get("message").asText()).startsWith("Access denied").contains("license");
    }

    @Test
    void throttledSendsRetryAfter() throws Exception {
        simulator.faults().enqueue(Fault.throttled("0.25"))
                .enqueue(Fault.unavailable("Wed, 21 Oct 2015 07:28:00 GMT"))
                .enqueue(Fault.unavailable(null));

        HttpResponse<String> throttled = create();
        HttpResponse<String> unavailable = create();
        HttpResponse<String> unavailableWithoutHeader = create();

        assertGraphError(throttled, 429, "TooManyRequests");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("0.25");
        assertGraphError(unavailable, 503, "ServiceUnavailable");
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(unavailableWithoutHeader.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void htmlFaultAnswersAGatewayPage() throws Exception {
        simulator.faults().enqueue(Fault.html(502).withRetryAfter("1"));

        HttpResponse<String> response = create();

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("request-id")).isPresent();
        assertThat(response.body()).contains("<html>").contains("502 Bad Gateway");
    }

    @Test
    void emptyFaultAnswersNoBody() throws Exception {
        simulator.faults().enqueue(Fault.empty(504));

        HttpResponse<String> response = create();

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void connectionResetFailsTheClientAndCreatesNothing() throws Exception {
        simulator.faults().enqueue(Fault.connectionReset());

        assertThatThrownBy(this::create).isInstanceOf(IOException.class);

        assertThat(simulator.conversationCount()).isZero();
        assertThat(simulator.requestCount()).as("the request was received").isEqualTo(1);
        assertThat(create().statusCode()).isEqualTo(201);
    }

    @Test
    void connectionResetOnChatAddsNoTurn() throws Exception {
        String id = http.createConversation();
        simulator.faults().enqueue(Fault.connectionReset().on(Fault.Operation.CHAT));

        assertThatThrownBy(() -> http.post("/copilot/conversations/" + id + "/chat", chatBody("Lost")))
                .isInstanceOf(IOException.class);

        HttpResponse<String> retried = http.post("/copilot/conversations/" + id + "/chat", chatBody("Retried"));
        assertThat(tree(retried.body()).get("turnCount").asInt()).isEqualTo(1);
        assertThat(tree(retried.body()).get("displayName").asText()).isEqualTo("Retried");
    }

    @Test
    void truncatedStreamBreaksOffInTheMiddleOfAnEvent() throws Exception {
        String id = http.createConversation();
        simulator.faults().enqueue(Fault.truncatedStream());

        HttpResponse<InputStream> response = SimulatorHttpStreams.send(http.request(
                simulator.baseUrl() + "/copilot/conversations/" + id + "/chatOverStream", chatBody("Cut me")).build());
        assertThat(response.statusCode()).isEqualTo(200);

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        assertThatThrownBy(() -> response.body().transferTo(received)).isInstanceOf(IOException.class);

        String partial = received.toString(StandardCharsets.UTF_8);
        assertThat(partial).startsWith("data: {").contains("\nid:1\n\n");
        // Whether the half event itself reaches the client before the broken connection does is up to the network
        // stack, so only the break (above) and the missing final event (below) are asserted.
        assertThat(partial).doesNotContain("\"displayName\":\"Cut me\"");
    }

    @Test
    void truncatedStreamFailsAStringBodyToo() throws Exception {
        String id = http.createConversation();
        simulator.faults().enqueue(Fault.truncatedStream());

        assertThatThrownBy(() -> http.post("/copilot/conversations/" + id + "/chatOverStream", chatBody("Cut")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void malformedFinalEventSpillsTheCardButKeepsTheTextOnTheDataLine() throws Exception {
        String id = http.createConversation();
        simulator.faults().enqueue(Fault.malformedFinalEvent());

        HttpResponse<String> response = http.post("/copilot/conversations/" + id + "/chatOverStream",
                chatBody("Break the last event"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<RawEvent> events = EventStreamParser.parse(response.body());
        RawEvent last = events.get(events.size() - 1);
        assertThat(last.lines().size()).as("spills over lines").isGreaterThan(2);
        assertThat(last.lines().subList(1, last.lines().size() - 1)).noneMatch(line -> line.startsWith("data:"));
        assertThat(last.idLine()).matches("id: ?\\d+ ?");
        assertThatThrownBy(() -> SimulatorHttp.tree(last.data()))
                .hasCauseInstanceOf(JsonProcessingException.class);

        String reply = SimulatorReplies.replyFor("Break the last event");
        String textProperty = "\"text\":" + SimulatorHttp.json(reply);
        assertThat(last.data()).contains(textProperty);
        assertThat(last.data().indexOf(textProperty)).isLessThan(last.data().indexOf("\"adaptiveCards\":[{"));

        // Joined, the lines are the whole snapshot again.
        String joined = String.join("\n", last.lines().subList(0, last.lines().size() - 1)).substring("data: ".length());
        assertThat(tree(joined).at("/messages/1/text").asText()).isEqualTo(reply);
        assertThat(tree(joined).at("/messages/1/adaptiveCards/0/type").asText()).isEqualTo("AdaptiveCard");
        // Every earlier event is intact.
        events.subList(0, events.size() - 1).forEach(event -> assertThatCode(() -> tree(event.data()))
                .doesNotThrowAnyException());
    }

    @Test
    void hangDelaysThenAnswersNormally() throws Exception {
        simulator.faults().enqueue(Fault.hang(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = create();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void latencyDelaysEveryResponse() throws Exception {
        simulator.faults().latency(Duration.ofMillis(100));

        long started = System.nanoTime();
        create();
        http.post("/nowhere", "{}");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aFaultEnqueuedTwiceHitsTwoRequests() throws Exception {
        simulator.faults().enqueue(Fault.throttled("0"), 2);

        assertThat(List.of(create().statusCode(), create().statusCode(), create().statusCode()))
                .containsExactly(429, 429, 201);
        assertThat(simulator.faults().pending()).isZero();
    }

    @Test
    void faultsHitInTheOrderEnqueued() throws Exception {
        simulator.faults().enqueue(Fault.status(500)).enqueue(Fault.status(503)).enqueue(Fault.empty(504));

        assertThat(List.of(create().statusCode(), create().statusCode(), create().statusCode(), create().statusCode()))
                .containsExactly(500, 503, 504, 201);
    }

    @Test
    void faultsRestrictedToAnOperationLeaveOthersAlone() throws Exception {
        simulator.faults().enqueue(Fault.status(500).on(Fault.Operation.CHAT));

        String id = http.createConversation();
        HttpResponse<String> stream = http.post("/copilot/conversations/" + id + "/chatOverStream", chatBody("s"));
        HttpResponse<String> chat = http.post("/copilot/conversations/" + id + "/chat", chatBody("c"));
        HttpResponse<String> chatAgain = http.post("/copilot/conversations/" + id + "/chat", chatBody("c"));

        assertThat(stream.statusCode()).isEqualTo(200);
        assertGraphError(chat, 500, "InternalServerError");
        assertThat(chatAgain.statusCode()).isEqualTo(200);
    }

    @Test
    void streamFaultsWaitForAStreamRequest() throws Exception {
        simulator.faults().enqueue(Fault.malformedFinalEvent());

        String id = http.createConversation();
        HttpResponse<String> chat = http.post("/copilot/conversations/" + id + "/chat", chatBody("c"));

        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(simulator.faults().pending()).isEqualTo(1);
        assertThat(Fault.truncatedStream().appliesTo()).isEqualTo(Fault.Operation.STREAM);
        assertThat(Fault.malformedFinalEvent().on(Fault.Operation.ANY).appliesTo()).isEqualTo(Fault.Operation.STREAM);
        assertThatThrownBy(() -> Fault.truncatedStream().on(Fault.Operation.CHAT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearRemovesFaultsAndLatency() throws Exception {
        simulator.faults().enqueue(Fault.status(500)).latency(Duration.ofSeconds(5)).clear();

        assertThat(create().statusCode()).isEqualTo(201);
    }

    @Test
    void randomFaultsAreRepeatableForASeed() throws Exception {
        List<Integer> firstRun = randomRun(42);
        List<Integer> secondRun = randomRun(42);

        assertThat(firstRun).isEqualTo(secondRun);
        assertThat(firstRun).contains(201).containsAnyOf(429, 503);
    }

    private List<Integer> randomRun(long seed) throws Exception {
        simulator.reset();
        simulator.faults().random(seed, 0.5, Fault.throttled("0"), Fault.unavailable(null));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(create().statusCode());
        }
        return statuses;
    }

    /** Responses whose body is read by the test as it arrives. */
    static final class SimulatorHttpStreams {
        static HttpResponse<InputStream> send(java.net.http.HttpRequest request) throws Exception {
            return SimulatorHttp.clientFor(request.uri()).send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
    }
}
