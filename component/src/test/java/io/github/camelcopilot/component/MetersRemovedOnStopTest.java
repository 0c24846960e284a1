package io.github.camelcopilot.component;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The component's stop takes every meter it made out of the registry, the lazily made ones and the gauges too. */
class MetersRemovedOnStopTest extends CopilotTestSupport {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
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
    void theStopRemovesTheComponentsMeters() {
        ask("direct:chat", null, "Hello");
        ask("direct:stream", null, "Hello");
        ask("direct:chat", "no-such-conversation", "Hello");
        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .contains("copilot.streams.open", "copilot.client.connections.waiting", "copilot.stream.duration",
                        "copilot.client.failures", "gen_ai.client.operation.duration",
                        "gen_ai.client.operation.time_to_first_chunk");

        context.stop();

        assertThat(meters.getMeters()).map(Meter::getId).map(Meter.Id::getName)
                .noneMatch(name -> name.startsWith("copilot.") || name.startsWith("gen_ai."));
    }
}
