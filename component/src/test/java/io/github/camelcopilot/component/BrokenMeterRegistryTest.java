package io.github.camelcopilot.component;

import io.github.camelcopilot.simulator.SimulatorReplies;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A registry that refuses the component's meters costs the meters, never the calls. */
class BrokenMeterRegistryTest extends CopilotTestSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        meters.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().startsWith("gen_ai.") || id.getName().startsWith("copilot.")) {
                    throw new IllegalStateException("refused: " + id.getName());
                }
                return id;
            }
        });
        context.getRegistry().bind("metricsRegistry", meters);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
                from("direct:stream").to("copilot:chatOverStream?streamMode=final");
            }
        };
    }

    @Test
    void theCallsGoOnUnmeasured() {
        for (String route : new String[] { "direct:chat", "direct:stream" }) {
            Exchange answered = ask(route, null, "Still there?");

            assertThat(answered.getException()).isNull();
            assertThat(answered.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Still there?"));
        }
        assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("copilot."));
    }
}
