package io.github.camelcopilot.simulator;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

class ConversationEndpointsTest {

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension();

    /** The Graph type of every conversation message, as the API reference spells it. */
    private static final String MESSAGE_TYPE = "#microsoft.graph.copilotConversationResponseMessage";
    private static final String GRAPH_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z";

    private CopilotSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void setUp(CopilotSimulator simulator) {
        this.simulator = simulator;
        this.http = new SimulatorHttp(simulator);
    }

    @Test
    void createInTheGraphLayoutAnswersAnEmptyConversation() throws Exception {
        HttpResponse<String> response = http.post("/copilot/conversations", "{}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = tree(response.body());
        assertThat(body.get("@odata.context").asText()).startsWith(simulator.baseUrl() + "/$metadata#");
        assertThat(UUID.fromString(body.get("id").asText())).isNotNull();
        assertThat(body.get("createdDateTime").asText()).matches(GRAPH_TIMESTAMP);
        assertThat(body.get("displayName").asText()).isEmpty();
        assertThat(body.get("state").asText()).isEqualTo("active");
        assertThat(body.get("turnCount").asInt()).isZero();
        assertThat(body.get("messages").isArray()).isTrue();
        assertThat(body.get("messages")).isEmpty();
        assertThat(simulator.conversationCount()).isEqualTo(1);
    }

    @Test
    void createInTheWorkIqLayout() throws Exception {
        HttpResponse<String> response = http.send(http.request(simulator.workIqBaseUrl() + "/conversations", "{}").build());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = tree(response.body());
        assertThat(body.get("@odata.context").asText()).startsWith(simulator.workIqBaseUrl() + "/$metadata#");
        assertThat(body.get("turnCount").asInt()).isZero();
        String origin = simulator.transport().isTls() ? "https://localhost:" : "http://127.0.0.1:";
        assertThat(simulator.workIqBaseUrl()).isEqualTo(origin + simulator.port() + "/rest/beta");
        assertThat(simulator.baseUrl()).isEqualTo(origin + simulator.port() + "/beta");
    }

    @Test
    void createAcceptsAnEmptyBody() throws Exception {
        HttpResponse<String> response = http.post("/copilot/conversations", "");

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void chatAnswersThePromptEchoAndTheReply() throws Exception {
        String id = http.createConversation();

        HttpResponse<String> response = http.post("/copilot/conversations/" + id + "/chat", chatBody("Who owns the Q3 plan?"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = tree(response.body());
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("turnCount").asInt()).isEqualTo(1);
        assertThat(body.get("displayName").asText()).isEqualTo("Who owns the Q3 plan?");
        assertThat(body.get("state").asText()).isEqualTo("active");
        assertThat(body.has("agentId")).isTrue();
        assertThat(body.get("agentId").isNull()).isTrue();

        JsonNode echo = body.get("messages").get(0);
        assertThat(echo.get("@odata.type").asText()).isEqualTo(MESSAGE_TYPE);
        assertThat(echo.get("text").asText()).isEqualTo("Who owns the Q3 plan?");
        assertThat(echo.get("createdDateTime").asText()).matches(GRAPH_TIMESTAMP);
        assertThat(echo.get("adaptiveCards")).isEmpty();
        assertThat(echo.get("attributions")).isEmpty();
        assertAllFieldsNull(echo.get("sensitivityLabel"));

        JsonNode reply = body.get("messages").get(1);
        assertThat(body.get("messages")).hasSize(2);
        assertThat(reply.get("@odata.type").asText()).isEqualTo(MESSAGE_TYPE);
        assertThat(reply.get("id").asText()).isNotEqualTo(echo.get("id").asText());
        assertThat(reply.get("text").asText()).isEqualTo(SimulatorReplies.replyFor("Who owns the Q3 plan?"));
        assertThat(reply.get("adaptiveCards")).hasSize(1);
        assertThat(reply.get("adaptiveCards").get(0)).isEmpty();
        JsonNode citation = reply.get("attributions").get(0);
        assertThat(citation.get("attributionType").asText()).isEqualTo("citation");
        assertThat(citation.get("attributionSource").asText()).isEqualTo("grounding");
        assertThat(citation.get("providerDisplayName").asText()).isEqualTo(SimulatorReplies.CITATION_PROVIDER);
        assertThat(citation.get("seeMoreWebUrl").asText()).isEqualTo(SimulatorReplies.CITATION_URL);
        assertAllFieldsNull(reply.get("sensitivityLabel"));
    }

    @Test
    void chatResponsesReadAsAClientReadsThem() throws Exception {
        String id = http.createConversation();

        String json = http.post("/copilot/conversations/" + id + "/chat", chatBody("Summarise my week")).body();

        JsonNode conversation = tree(json);
        assertThat(conversation.get("id").asText()).isEqualTo(id);
        assertThat(OffsetDateTime.parse(conversation.get("createdDateTime").asText()))
                .isBefore(OffsetDateTime.now().plusSeconds(1));
        JsonNode messages = conversation.get("messages");
        JsonNode reply = messages.get(messages.size() - 1);
        assertThat(reply.get("text").asText()).isEqualTo(SimulatorReplies.replyFor("Summarise my week"));
        assertThat(reply.get("attributions")).hasSize(1);
        assertThat(reply.get("sensitivityLabel").isObject()).isTrue();
        assertThat(reply.get("sensitivityLabel").has("sensitivityLabelId")).isTrue();
        assertThat(reply.get("sensitivityLabel").get("sensitivityLabelId").isNull()).isTrue();
    }

    @Test
    void qualifiedActionNamesWorkAndTurnsAccumulate() throws Exception {
        String id = http.createConversation();

        http.post("/copilot/conversations/" + id + "/chat", chatBody("First question"));
        HttpResponse<String> second = http.post("/copilot/conversations/" + id + "/microsoft.graph.copilot.chat",
                chatBody("Second question"));

        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode body = tree(second.body());
        assertThat(body.get("turnCount").asInt()).isEqualTo(2);
        assertThat(body.get("displayName").asText()).as("the first prompt stays the title").isEqualTo("First question");
        assertThat(body.get("messages").get(0).get("text").asText()).isEqualTo("Second question");
        assertThat(body.get("messages").get(1).get("text").asText())
                .isEqualTo(SimulatorReplies.replyFor("Second question"));
    }

    @Test
    void workIqChatWithQualifiedName() throws Exception {
        String id = http.createConversation();

        HttpResponse<String> response = http.send(http.request(
                simulator.workIqBaseUrl() + "/conversations/" + id + "/microsoft.graph.copilot.chat",
                chatBody("Hello")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tree(response.body()).get("turnCount").asInt()).isEqualTo(1);
    }

    @Test
    void everyResponseCarriesRequestIdsAndEchoesTheClientRequestId() throws Exception {
        HttpResponse<String> echoed = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .header("client-request-id", "3f5c6a4e-1111-2222-3333-444455556666").build());
        HttpResponse<String> fresh = http.post("/copilot/conversations", "{}");
        HttpResponse<String> error = http.post("/copilot/conversations/unknown/chat", chatBody("x"));

        assertThat(echoed.headers().firstValue("client-request-id")).hasValue("3f5c6a4e-1111-2222-3333-444455556666");
        assertThat(echoed.headers().firstValue("request-id")).hasValueSatisfying(id -> UUID.fromString(id));
        assertThat(fresh.headers().firstValue("client-request-id")).hasValueSatisfying(id -> UUID.fromString(id));
        assertThat(fresh.headers().firstValue("request-id")).isNotEqualTo(echoed.headers().firstValue("request-id"));
        assertThat(error.headers().firstValue("request-id")).isPresent();
        assertThat(error.headers().firstValue("client-request-id")).isPresent();
    }

    @Test
    void recordsEveryRequestInOrder() throws Exception {
        String id = http.createConversation();
        http.send(http.request(simulator.baseUrl() + "/copilot/conversations/" + id + "/chat", chatBody("Recorded"))
                .header("client-request-id", "abc").build());

        assertThat(simulator.requestCount()).isEqualTo(2);
        assertThat(simulator.requests()).extracting(RecordedRequest::path)
                .containsExactly("/beta/copilot/conversations", "/beta/copilot/conversations/" + id + "/chat");
        RecordedRequest chat = simulator.requests().get(1);
        assertThat(chat.method()).isEqualTo("POST");
        assertThat(chat.header("Authorization")).isEqualTo("Bearer " + CopilotSimulator.DEFAULT_TOKEN);
        assertThat(chat.header("CLIENT-REQUEST-ID")).isEqualTo("abc");
        assertThat(chat.headers()).containsKey("content-type");
        assertThat(chat.header("x-missing")).isNull();
        assertThat(tree(chat.body()).at("/message/text").asText()).isEqualTo("Recorded");
        assertThat(chat.receivedAt()).isAfterOrEqualTo(simulator.requests().get(0).receivedAt());
    }

    @Test
    void requestsIsASnapshot() throws Exception {
        var before = simulator.requests();
        http.createConversation();

        assertThat(before).isEmpty();
        assertThat(simulator.requests()).hasSize(1);
    }

    @Test
    void recordedRequestsAreBounded() throws Exception {
        simulator.maxRecordedRequests(2);
        for (int i = 0; i < 3; i++) {
            http.createConversation();
        }

        assertThat(simulator.requests()).hasSize(2);
        assertThat(simulator.requestCount()).isEqualTo(3);
    }

    @Test
    void resetForgetsConversationsRequestsFaultsAndTokens() throws Exception {
        String id = http.createConversation();
        simulator.acceptTokens("other");
        simulator.faults().enqueue(Fault.status(500));
        simulator.streamEventDelay(java.time.Duration.ofSeconds(5));

        simulator.reset();

        assertThat(simulator.requestCount()).isZero();
        assertThat(simulator.requests()).isEmpty();
        assertThat(simulator.conversationCount()).isZero();
        assertThat(simulator.faults().pending()).isZero();
        assertThat(simulator.acceptedTokens()).containsExactly(CopilotSimulator.DEFAULT_TOKEN);
        assertThat(http.post("/copilot/conversations/" + id + "/chat", chatBody("gone")).statusCode()).isEqualTo(404);
    }

    @Test
    void acceptTokensReplacesTheAcceptedTokens() throws Exception {
        simulator.acceptTokens("token-a", "token-b");

        HttpResponse<String> withDefault = http.post("/copilot/conversations", "{}");
        HttpResponse<String> withB = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Authorization", "Bearer token-b").build());

        assertThat(withDefault.statusCode()).isEqualTo(401);
        assertThat(withB.statusCode()).isEqualTo(201);
    }

    private static void assertAllFieldsNull(JsonNode label) {
        assertThat(label).isNotNull();
        assertThat(label.properties()).extracting(entry -> entry.getKey()).containsExactlyInAnyOrder(
                "sensitivityLabelId", "displayName", "tooltip", "priority", "color", "isEncrypted");
        label.properties().forEach(entry -> assertThat(entry.getValue().isNull()).as(entry.getKey()).isTrue());
    }
}
