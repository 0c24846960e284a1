package io.github.camelcopilot.component;

import java.util.List;

import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The same operations from the YAML DSL, the way the app and Camel K run them. */
class CopilotYamlRouteTest extends CopilotTestSupport {

    private static final String ROUTES = """
            - route:
                id: yaml-create-and-chat
                from:
                  uri: direct:yamlChat
                  steps:
                    - to: copilot:createConversation
                    - setHeader:
                        name: createdId
                        simple: "${body.id}"
                    - setBody:
                        simple: "${header.prompt}"
                    - to:
                        uri: copilot:chat
                        parameters:
                          timeZone: Europe/Berlin
                          webEnabled: false
                    - to: mock:yamlChat
            - route:
                id: yaml-stream
                from:
                  uri: direct:yamlStream
                  steps:
                    - to: copilot:chatOverStream
                    - split:
                        simple: "${body}"
                        streaming: true
                        steps:
                          - setBody:
                              simple: "${body.replacement}|${body.last}|${body.delta}"
                          - to: mock:yamlDelta
            """;

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("copilot-test.yaml", ROUTES));
    }

    @Test
    void yamlRouteCreatesAConversationAndChats() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:yamlChat");
        mock.expectedMessageCount(1);

        template.sendBodyAndHeader("direct:yamlChat", null, "prompt", "What did Adele say?");

        mock.assertIsSatisfied();
        var message = mock.getExchanges().get(0).getMessage();
        assertThat(message.getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("What did Adele say?"));
        assertThat(message.getHeader("createdId")).isEqualTo(message.getHeader(CopilotConstants.CONVERSATION_ID));
        assertThat(message.getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(1);
        assertThat(lastRequest().body()).contains("\"timeZone\":\"Europe/Berlin\"").contains("\"isWebEnabled\":false");
    }

    @Test
    void yamlRouteSplitsTheStreamIntoDeltas() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:yamlDelta");
        mock.expectedMinimumMessageCount(3);

        template.sendBody("direct:yamlStream", "Stream it from YAML");

        mock.assertIsSatisfied();
        List<String> lines = mock.getExchanges().stream().map(e -> e.getMessage().getBody(String.class)).toList();
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            String[] parts = line.split("\\|", 3);
            if (Boolean.parseBoolean(parts[0])) {
                text.setLength(0);
            }
            text.append(parts[2]);
        }
        assertThat(text.toString()).isEqualTo(SimulatorReplies.replyFor("Stream it from YAML"));
        assertThat(lines.get(lines.size() - 1)).startsWith("false|true|");
    }
}
