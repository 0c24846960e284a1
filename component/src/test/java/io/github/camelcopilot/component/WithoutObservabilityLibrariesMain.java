package io.github.camelcopilot.component;

import io.github.camelcopilot.simulator.CopilotSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A child JVM for {@link ObservabilityWithoutLibrariesTest}: a chat and a stream against the simulator, with neither
 * Micrometer nor camel-telemetry on the class path. Prints each answer, exits 0 when both came.
 */
public final class WithoutObservabilityLibrariesMain {

    private WithoutObservabilityLibrariesMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CopilotSimulator simulator = CopilotSimulator.start(0);
             CamelContext context = new DefaultCamelContext()) {
            CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
            config.setBaseUrl(simulator.baseUrl());
            config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:chat").to("copilot:chat");
                    from("direct:stream").to("copilot:chatOverStream?streamMode=final");
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (String route : new String[] { "direct:chat", "direct:stream" }) {
                Exchange answered = template.request(route, e -> e.getMessage().setBody("Hello without meters"));
                if (answered.getException() != null) {
                    answered.getException().printStackTrace(System.out);
                    System.exit(1);
                }
                System.out.println("ANSWER " + route + ": " + answered.getMessage().getBody(String.class));
            }
        }
    }
}
