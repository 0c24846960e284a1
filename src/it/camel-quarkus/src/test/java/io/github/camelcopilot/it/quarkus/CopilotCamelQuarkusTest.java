package io.github.camelcopilot.it.quarkus;

import java.util.Optional;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotComponentConfigurer;
import io.github.camelcopilot.component.CopilotConstants;
import io.github.camelcopilot.component.CopilotEndpointConfigurer;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.FactoryFinder;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML routes of src/main/resources/routes, run by Camel Quarkus (JVM mode) against the Copilot simulator. */
@QuarkusTest
@WithTestResource(CopilotSimulatorResource.class)
class CopilotCamelQuarkusTest {

    private static final String COMPONENT_FACTORIES = "META-INF/services/org/apache/camel/component/";

    @Inject
    CamelContext context;

    @Inject
    ProducerTemplate producer;

    @Test
    void theComponentIsDiscoveredAtBuildTimeWithItsGeneratedConfigurers() {
        assertInstanceOf(CopilotComponent.class, context.getComponent("copilot"));
        // quarkus.camel.service.discovery.include-patterns put the component's factory file into the FactoryFinder that
        // Camel Quarkus assembles at build time (it does not scan the classpath at run time).
        FactoryFinder components = context.getCamelContextExtension().getFactoryFinder(COMPONENT_FACTORIES);
        assertEquals(Optional.of(CopilotComponent.class), components.findClass("copilot"));
        // Options are bound through the generated configurers, not reflection (which a native image lacks).
        PropertyConfigurer component = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("copilot-component", context);
        PropertyConfigurer endpoint = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("copilot-endpoint", context);
        assertInstanceOf(CopilotComponentConfigurer.class, component);
        assertInstanceOf(CopilotEndpointConfigurer.class, endpoint);
    }

    @Test
    void yamlRouteCreatesAConversationAndChats() {
        String prompt = "What did Adele say about the Camel K rollout?";

        Exchange reply = producer.request("direct:chat", exchange -> exchange.getMessage().setHeader("prompt", prompt));

        assertTrue(reply.getException() == null, () -> "failed: " + reply.getException());
        assertEquals(SimulatorReplies.replyFor(prompt), reply.getMessage().getBody(String.class));
        String conversationId = reply.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
        assertNotNull(conversationId);
        // chat continued the conversation createConversation started, rather than creating another.
        assertEquals(conversationId, reply.getMessage().getHeader("createdConversationId", String.class));
        assertEquals(1, reply.getMessage().getHeader(CopilotConstants.TURN_COUNT, Integer.class));
    }

    @Test
    void yamlRouteSplitsTheStreamIntoUpdates() {
        String prompt = "Stream the rollout notes";

        Exchange done = producer.request("direct:stream", exchange -> exchange.getMessage().setBody(prompt));

        assertTrue(done.getException() == null, () -> "failed: " + done.getException());
        // The split's aggregation folded every update into the text: the deltas add up to the whole answer.
        assertEquals(SimulatorReplies.replyFor(prompt), done.getMessage().getBody(String.class));
        int updates = done.getMessage().getHeader(StreamedTextAggregation.UPDATES, Integer.class);
        assertTrue(updates > 1, "streamed in " + updates + " update(s)");
        assertEquals(Boolean.TRUE, done.getMessage().getHeader(StreamedTextAggregation.LAST_SEEN, Boolean.class));
    }
}
