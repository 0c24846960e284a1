package io.github.camelcopilot.it.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as configured in application.yml, its service and token pointed at the test kit's simulator (as the
 * deployment's environment would), over real HTTP: both ways in, the routes, the H2 store and Actuator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "camel.component.copilot.access-token=" + CopilotSimulator.DEFAULT_TOKEN)
class CopilotApplicationTest {

    @RegisterExtension
    static CopilotSimulatorExtension simulator = new CopilotSimulatorExtension();

    @DynamicPropertySource
    static void copilotService(DynamicPropertyRegistry registry) {
        registry.add("camel.component.copilot.base-url", simulator::baseUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate template;
    @Autowired
    CamelContext camelContext;
    @Autowired
    DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> ask(String ticket, String question) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ask?ticket=" + ticket))
                .POST(HttpRequest.BodyPublishers.ofString(question)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createConversationStartsOneAtTheService() {
        CopilotConversation conversation = template.requestBody("copilot:createConversation", null,
                CopilotConversation.class);

        assertThat(conversation.getId()).isNotBlank();
        assertThat(simulator.simulator().conversationCount()).isEqualTo(1);
    }

    @Test
    void aTicketsQuestionsOverHttpContinueItsConversationKeptInTheDataSource() throws Exception {
        HttpResponse<String> first = ask("T-1", "Why does the build fail?");
        HttpResponse<String> second = ask("T-1", "And how do I fix it?");
        HttpResponse<String> other = ask("T-2", "Another ticket");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isNotBlank();
        String conversation = first.headers().firstValue("X-Conversation-Id").orElseThrow();
        assertThat(second.headers().firstValue("X-Conversation-Id")).contains(conversation);
        assertThat(other.headers().firstValue("X-Conversation-Id")).isPresent().get().isNotEqualTo(conversation);
        assertThat(simulator.simulator().conversationTurnCount(conversation)).contains(2);
        // The time zone of application.yml went with each chat; the token never comes back to the caller.
        assertThat(simulator.simulator().requests()).filteredOn(request -> request.path().endsWith("/chat"))
                .hasSize(3).allSatisfy(request -> assertThat(request.body()).contains("Europe/Berlin"));
        assertThat(first.headers().map().toString() + first.body()).doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT conversation_id, turn_count FROM copilot_conversation WHERE conversation_key = ?")) {
            select.setString(1, "T-1");
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(conversation);
                assertThat(row.getInt(2)).isEqualTo(2);
            }
        }
    }

    @Test
    void aStreamedAnswerIsRelayedUpdateByUpdate() {
        Exchange answered = template.request("direct:ask-streaming",
                exchange -> exchange.getMessage().setBody("Tell me a story"));

        assertThat(answered.getException()).isNull();
        String reply = answered.getMessage().getBody(String.class);
        assertThat(reply).isNotBlank();
        // The reply comes once every update has been taken: they are all in the queue now.
        List<CopilotStreamUpdate> updates = new ArrayList<>();
        camelContext.getEndpoint("seda:updates", SedaEndpoint.class).getQueue()
                .forEach(update -> updates.add(update.getMessage().getBody(CopilotStreamUpdate.class)));
        assertThat(updates).hasSizeGreaterThan(1);
        assertThat(updates.get(updates.size() - 1).isLast()).isTrue();
        assertThat(updates.get(updates.size() - 1).getText()).isEqualTo(reply);
    }

    @Test
    void actuatorReportsTheCopilotServiceHealth() throws Exception {
        assertThat(ask("T-3", "Hello").statusCode()).isEqualTo(200); // the copilot endpoint is started

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").containsPattern("\"producer:copilot-[^\"]+\":\"UP\"")
                .doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
    }
}
