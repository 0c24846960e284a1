package io.github.camelcopilot.kamelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kamelets in the jar, loaded by camel-kamelet from classpath:kamelets and run from YAML against the simulator. */
class CopilotKameletsTest extends CamelTestSupport {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    private static final String ROUTES = """
            - route:
                from:
                  uri: direct:create
                  steps:
                    - to: kamelet:copilot-create-conversation-action
                    - to: mock:created
            - route:
                from:
                  uri: direct:chat
                  steps:
                    - to:
                        uri: kamelet:copilot-chat-action
                        parameters:
                          timeZone: Europe/Berlin
                          webEnabled: false
                          additionalContext: Keep it short
                    - to: mock:answered
            - route:
                from:
                  uri: direct:ownToken
                  steps:
                    - to:
                        uri: kamelet:copilot-chat-action
                        parameters:
                          accessToken: kamelet-token
                    - to: mock:ownToken
            - route:
                from:
                  uri: direct:sink
                  steps:
                    - to: kamelet:copilot-chat-sink
            - route:
                from:
                  uri: direct:keyed
                  steps:
                    - to:
                        uri: kamelet:copilot-chat-action
                        parameters:
                          conversationKey: ticket-kamelet
                    - to: mock:keyed
            """;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl(SIMULATOR.baseUrl());
        config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
        return context;
    }

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("kamelet-test.yaml", ROUTES));
    }

    @Test
    void createConversationActionPassesTheConversationOnAsJson() throws Exception {
        MockEndpoint created = getMockEndpoint("mock:created");
        created.expectedMessageCount(1);

        template.sendBody("direct:create", null);

        created.assertIsSatisfied();
        JsonNode conversation = new ObjectMapper().readTree(created.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(conversation.get("id").asText())
                .isEqualTo(created.getExchanges().get(0).getMessage().getHeader("CamelCopilotConversationId"));
        assertThat(conversation.get("state").asText()).isEqualTo("active");
    }

    @Test
    void chatActionAnswersWithTheReplyAndMapsItsProperties() throws Exception {
        MockEndpoint answered = getMockEndpoint("mock:answered");
        answered.expectedBodiesReceived(SimulatorReplies.replyFor("Kamelet question"));

        template.sendBody("direct:chat", "Kamelet question");

        answered.assertIsSatisfied();
        RecordedRequest chat = SIMULATOR.simulator().requests().get(1);
        assertThat(chat.body()).contains("\"timeZone\":\"Europe/Berlin\"").contains("\"isWebEnabled\":false")
                .contains("Keep it short");
    }

    @Test
    void chatActionTakesItsOwnAccessToken() throws Exception {
        SIMULATOR.simulator().acceptTokens("kamelet-token");
        MockEndpoint answered = getMockEndpoint("mock:ownToken");
        answered.expectedBodiesReceived(SimulatorReplies.replyFor("With a token"));

        template.sendBody("direct:ownToken", "With a token");

        answered.assertIsSatisfied();
        assertThat(SIMULATOR.simulator().requests()).allMatch(r -> "Bearer kamelet-token".equals(r.header("Authorization")));
    }

    @Test
    void chatSinkSendsThePrompt() {
        template.sendBody("direct:sink", "Fire and forget");

        assertThat(SIMULATOR.simulator().requests()).extracting(RecordedRequest::body)
                .anyMatch(body -> body.contains("Fire and forget"));
    }

    @Test
    void chatActionWithAKeyContinuesTheKeysConversation() throws Exception {
        MockEndpoint keyed = getMockEndpoint("mock:keyed");
        keyed.expectedMessageCount(2);

        template.sendBody("direct:keyed", "First for the ticket");
        template.sendBody("direct:keyed", "Second for the ticket");

        keyed.assertIsSatisfied();
        var second = keyed.getExchanges().get(1).getMessage();
        assertThat(second.getHeader("CamelCopilotConversationId"))
                .isEqualTo(keyed.getExchanges().get(0).getMessage().getHeader("CamelCopilotConversationId"));
        assertThat(second.getHeader("CamelCopilotTurnCount")).isEqualTo(2);
        assertThat(SIMULATOR.simulator().conversationCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "copilot-create-conversation-action", "copilot-chat-action", "copilot-chat-sink" })
    @SuppressWarnings("unchecked")
    void kameletFilesFollowTheCatalogFormat(String name) throws Exception {
        Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("src/main/resources/kamelets/" + name + ".kamelet.yaml")));
        assertThat(kamelet.get("apiVersion")).isEqualTo("camel.apache.org/v1");
        assertThat(kamelet.get("kind")).isEqualTo("Kamelet");
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        assertThat(metadata.get("name")).isEqualTo(name);
        assertThat(((Map<String, Object>) metadata.get("labels")).get("camel.apache.org/kamelet.type"))
                .isEqualTo(name.endsWith("-sink") ? "sink" : "action");
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        String version = new ObjectMapper().readTree(Path.of(
                "src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json").toFile())
                .at("/component/version").asText();
        assertThat((List<String>) spec.get("dependencies"))
                .containsExactly("camel:kamelet", "mvn:io.github.camelcopilot:camel-copilot:" + version);
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        assertThat(definition).containsKeys("title", "description");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        properties.forEach((property, schema) -> assertThat(schema).as(property).containsKeys("title", "description", "type"));
        assertThat(properties.get("accessToken")).containsEntry("format", "password")
                .containsEntry("x-descriptors", List.of("urn:camel:group:credentials"));
    }
}
