package io.github.camelcopilot.it.consumer;

import java.util.ArrayList;
import java.util.List;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's YAML and Java DSL routes on Camel Main, against the test kit's simulator over HTTP. */
class ConsumerRoutesTest {

    private static final String CONVERSATION_ID = "CamelCopilotConversationId";

    @RegisterExtension
    static final CopilotSimulatorExtension COPILOT = new CopilotSimulatorExtension();

    private Main main;
    private ProducerTemplate producer;
    private ConsumerTemplate consumer;

    @BeforeEach
    void startTheApplication() throws Exception {
        main = new Main(ConsumerApplication.class);
        // what a deployment sets in its configuration; here the simulator the extension started
        main.addInitialProperty("camel.component.copilot.baseUrl", COPILOT.baseUrl());
        main.addInitialProperty("camel.component.copilot.accessToken", CopilotSimulator.DEFAULT_TOKEN);
        main.start();
        producer = main.getCamelContext().createProducerTemplate();
        consumer = main.getCamelContext().createConsumerTemplate();
    }

    @AfterEach
    void stopTheApplication() throws Exception {
        main.stop();
    }

    @Test
    void theYamlRouteStartsAConversationAndTheJavaRouteContinuesIt() {
        String id = producer.requestBody("direct:start-conversation", null, String.class);
        assertNotNull(id);
        assertEquals(1, COPILOT.simulator().conversationCount());

        String prompt = "Summarise the release notes";
        producer.sendBodyAndHeader("direct:ask", prompt, CONVERSATION_ID, id);

        Exchange answer = consumer.receive("seda:answers", 10_000);
        assertNotNull(answer, "no answer on seda:answers");
        assertEquals(SimulatorReplies.replyFor(prompt), answer.getMessage().getBody(String.class));
        assertEquals(id, answer.getMessage().getHeader(CONVERSATION_ID));
        assertEquals(1, COPILOT.simulator().conversationTurnCount(id).orElseThrow());
    }

    @Test
    void theStreamingRouteRelaysUpdatesAndAnswersWithTheWholeReply() {
        String id = producer.requestBody("direct:start-conversation", null, String.class);
        String prompt = "Explain the roadmap";
        producer.sendBodyAndHeader("direct:ask-streaming", prompt, CONVERSATION_ID, id);

        Exchange answer = consumer.receive("seda:answers", 10_000);
        assertNotNull(answer, "no answer on seda:answers");
        assertNull(answer.getException());
        assertEquals(SimulatorReplies.replyFor(prompt), answer.getMessage().getBody(String.class));
        // the reply comes once every update has been taken, so they are all on seda:updates now
        List<CopilotStreamUpdate> updates = new ArrayList<>();
        for (CopilotStreamUpdate update = consumer.receiveBodyNoWait("seda:updates", CopilotStreamUpdate.class);
             update != null; update = consumer.receiveBodyNoWait("seda:updates", CopilotStreamUpdate.class)) {
            updates.add(update);
        }
        assertTrue(updates.size() >= 2, "updates relayed: " + updates);
        String text = "";
        for (CopilotStreamUpdate update : updates) {
            text = update.applyTo(text);
        }
        assertEquals(SimulatorReplies.replyFor(prompt), text);
        assertTrue(updates.get(updates.size() - 1).isLast());
    }
}
