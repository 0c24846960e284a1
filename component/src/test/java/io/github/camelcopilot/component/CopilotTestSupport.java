package io.github.camelcopilot.component;

import java.util.List;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routes under test talk to a real simulator over loopback HTTP, with fast retries so that tests stay quick. */
abstract class CopilotTestSupport extends CamelTestSupport {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    protected CopilotSimulator simulator() {
        return SIMULATOR.simulator();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl(SIMULATOR.baseUrl());
        config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
        config.setInitialRetryDelay(20);
        return context;
    }

    /** The text a stream's updates add up to, applied in order. */
    static String replay(List<CopilotStreamUpdate> updates) {
        String text = "";
        for (CopilotStreamUpdate update : updates) {
            text = update.applyTo(text);
        }
        return text;
    }

    /** A new conversation, created through the component: its id. */
    protected String conversation() {
        return template.request("copilot:createConversation", e -> { })
                .getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
    }

    /**
     * Sends a prompt to a route; in an existing conversation (so that only the turn's own requests are counted), or
     * with {@code conversationId} null in a new one.
     */
    protected Exchange ask(String route, String conversationId, String prompt) {
        return template.request(route, e -> {
            e.getMessage().setBody(prompt);
            if (conversationId != null) {
                e.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, conversationId);
            }
        });
    }

    protected RecordedRequest lastRequest() {
        var requests = simulator().requests();
        return requests.get(requests.size() - 1);
    }
}
