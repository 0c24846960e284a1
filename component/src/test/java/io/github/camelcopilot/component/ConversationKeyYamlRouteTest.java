package io.github.camelcopilot.component;

import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A YAML route that sets only the key header: one conversation per key, rolled over when Copilot ends one. */
class ConversationKeyYamlRouteTest extends CopilotTestSupport {

    private static final String ROUTES = """
            - route:
                id: yaml-keyed-chat
                from:
                  uri: direct:ticket
                  steps:
                    - setHeader:
                        name: CamelCopilotConversationKey
                        simple: "${header.ticket}"
                    - to: copilot:chat
            """;

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("keyed.yaml", ROUTES));
    }

    private Exchange ask(String ticket, String prompt) {
        Exchange result = template.request("direct:ticket", exchange -> {
            exchange.getMessage().setHeader("ticket", ticket);
            exchange.getMessage().setBody(prompt);
        });
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor(prompt));
        return result;
    }

    private static String conversation(Exchange exchange) {
        return exchange.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
    }

    @Test
    void oneConversationPerKeyRolledOverOnDisengagementAndOnNotFound() {
        String a1 = conversation(ask("A-1", "First about A-1"));
        String b1 = conversation(ask("B-2", "First about B-2"));
        assertThat(conversation(ask("A-1", "Second about A-1"))).isEqualTo(a1);
        assertThat(b1).isNotEqualTo(a1);

        // Copilot disengages: the next message of the key goes to a new conversation.
        ask("A-1", "Third about A-1 " + SimulatorReplies.DISENGAGE_TRIGGER);
        Exchange afterDisengaged = ask("A-1", "Fourth about A-1");
        String a2 = conversation(afterDisengaged);
        assertThat(a2).isNotEqualTo(a1);
        assertThat(afterDisengaged.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(a1);

        // The conversation vanishes: the same message goes to a new one.
        simulator().expireConversation(b1);
        Exchange afterNotFound = ask("B-2", "Second about B-2");
        assertThat(conversation(afterNotFound)).isNotEqualTo(b1);
        assertThat(afterNotFound.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(b1);
        assertThat(conversation(ask("B-2", "Third about B-2"))).isEqualTo(conversation(afterNotFound));
    }
}
