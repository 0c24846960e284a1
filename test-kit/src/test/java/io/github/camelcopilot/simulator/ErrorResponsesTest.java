package io.github.camelcopilot.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.json;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension();

    private CopilotSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void setUp(CopilotSimulator simulator) {
        this.simulator = simulator;
        this.http = new SimulatorHttp(simulator);
    }

    @Test
    void missingTokenIs401() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/copilot/conversations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertGraphError(response, 401, "InvalidAuthenticationToken");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(simulator.conversationCount()).isZero();
    }

    @Test
    void malformedAuthorizationIs401() throws Exception {
        HttpResponse<String> basic = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Authorization", "Basic dXNlcjpwYXNz").build());
        HttpResponse<String> bareBearer = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Authorization", "Bearer").build());

        assertGraphError(basic, 401, "InvalidAuthenticationToken");
        assertGraphError(bareBearer, 401, "InvalidAuthenticationToken");
    }

    @Test
    void unknownTokenIs401AndTheSchemeIsCaseInsensitive() throws Exception {
        HttpResponse<String> unknown = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Authorization", "Bearer someone-elses-token").build());
        HttpResponse<String> lowerCase = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Authorization", "bearer " + CopilotSimulator.DEFAULT_TOKEN).build());

        assertGraphError(unknown, 401, "InvalidAuthenticationToken");
        assertThat(lowerCase.statusCode()).isEqualTo(201);
    }

    @Test
    void unknownConversationIs404() throws Exception {
        HttpResponse<String> chat = http.post("/copilot/conversations/no-such-id/chat", chatBody("Hi"));
        HttpResponse<String> stream = http.post("/copilot/conversations/no-such-id/chatOverStream", chatBody("Hi"));

        assertGraphError(chat, 404, "NotFound");
        assertGraphError(stream, 404, "NotFound");
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = http.post("/copilot/agents", "{}");
        HttpResponse<String> wrongAction = http.post("/copilot/conversations/x/summarize", "{}");

        assertGraphError(response, 404, "NotFound");
        assertGraphError(wrongAction, 404, "NotFound");
    }

    @Test
    void windowsTimeZoneIs400() throws Exception {
        String id = http.createConversation();

        HttpResponse<String> response = http.post("/copilot/conversations/" + id + "/chat",
                chatBody("Hi", "Pacific Standard Time"));

        JsonNode error = assertGraphError(response, 400, "BadRequest");
        assertThat(error.get("message").asText()).contains("Pacific Standard Time");
        assertThat(http.post("/copilot/conversations/" + id + "/chat", chatBody("Hi", "America/Los_Angeles"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void missingTimeZoneOrBlankPromptIs400AndAddsNoTurn() throws Exception {
        String id = http.createConversation();
        String path = "/copilot/conversations/" + id + "/chat";

        assertGraphError(http.post(path, json(Map.of("message", Map.of("text", "Hi")))), 400, "BadRequest");
        assertGraphError(http.post(path, chatBody("   ")), 400, "BadRequest");
        assertGraphError(http.post(path, json(Map.of("locationHint", Map.of("timeZone", "UTC")))), 400, "BadRequest");
        assertGraphError(http.post(path, "not json"), 400, "BadRequest");
        assertGraphError(http.post(path, ""), 400, "BadRequest");
        assertGraphError(http.post("/copilot/conversations/" + id + "/chatOverStream", chatBody("")), 400,
                "BadRequest");

        assertThat(tree(http.post(path, chatBody("Now valid")).body()).get("turnCount").asInt()).isEqualTo(1);
    }

    @Test
    void wrongOrMissingContentTypeIs415() throws Exception {
        HttpResponse<String> textPlain = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Content-Type", "text/plain").build());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/copilot/conversations"))
                .header("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> withCharset = http.send(http.request(simulator.baseUrl() + "/copilot/conversations", "{}")
                .setHeader("Content-Type", "application/json; charset=utf-8").build());

        assertGraphError(textPlain, 415, "UnsupportedMediaType");
        assertGraphError(missing, 415, "UnsupportedMediaType");
        assertThat(withCharset.statusCode()).isEqualTo(201);
    }

    @Test
    void otherMethodsAre405() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/copilot/conversations"))
                .header("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN).GET().build());
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(
                        URI.create(simulator.workIqBaseUrl() + "/conversations/abc/chat"))
                .header("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN).DELETE().build());

        assertGraphError(get, 405, "MethodNotAllowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertGraphError(delete, 405, "MethodNotAllowed");
    }

    @Test
    void errorBodiesCarryTheRequestIds() throws Exception {
        HttpResponse<String> response = http.send(http.request(simulator.baseUrl() + "/copilot/conversations/x/chat",
                chatBody("Hi")).header("client-request-id", "my-id").build());

        JsonNode error = assertGraphError(response, 404, "NotFound");
        assertThat(innerError(error).get("client-request-id").asText()).isEqualTo("my-id");
        assertThat(innerError(error).get("request-id").asText())
                .isEqualTo(response.headers().firstValue("request-id").orElseThrow());
        assertThat(innerError(error).get("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(tree(response.body()).get("error").has("innerError")).isTrue();
    }

    /** Asserts a Graph error and returns its {@code error} object. */
    static JsonNode assertGraphError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = tree(response.body()).get("error");
        assertThat(error).as("error of %s", response.body()).isNotNull();
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(innerError(error)).as("inner error of %s", response.body()).isNotNull();
        assertThat(innerError(error).path("request-id").asText()).isNotBlank();
        return error;
    }

    /** The inner error object, spelled {@code innerError} or {@code innererror} depending on the status. */
    static JsonNode innerError(JsonNode error) {
        return error.has("innerError") ? error.get("innerError") : error.get("innererror");
    }
}
