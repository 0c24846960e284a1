package io.github.camelcopilot.component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** streamMode as a typed option, the producer family it picks, and a full seda updateUri as a typed outcome. */
class StreamOptionsTest extends CopilotTestSupport {

    private final List<CopilotStreamUpdate> relayed = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch consumerGate = new CountDownLatch(1);

    @AfterEach
    void openGate() {
        consumerGate.countDown();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a queue of one whose consumer holds the first update: the second finds it full
                from("direct:tiny").to("copilot:chatOverStream?streamMode=final&updateUri=seda:tiny?size=1");
                from("seda:tiny?size=1").process(e -> {
                    consumerGate.await(30, TimeUnit.SECONDS);
                    relayed.add(e.getMessage().getBody(CopilotStreamUpdate.class));
                });
            }
        };
    }

    @Test
    void theDescriptorListsTheValuesOfTheTypedOption() throws Exception {
        JsonNode option = new ObjectMapper().readTree(Path.of(
                "src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json").toFile())
                .get("properties").get("streamMode");

        assertThat(option.get("javaType").asText()).isEqualTo(CopilotStreamMode.class.getName());
        assertThat(option.get("enum")).extracting(JsonNode::asText).containsExactly("deltas", "snapshots", "final");
        assertThat(option.get("defaultValue").asText()).isEqualTo("deltas");
    }

    @ParameterizedTest
    @CsvSource({"deltas, DELTAS", "snapshots, SNAPSHOTS", "final, FINAL", "FINAL, FINAL", "Snapshots, SNAPSHOTS"})
    void eitherCaseIsAcceptedAndPicksTheProducerFamily(String value, CopilotStreamMode mode) throws Exception {
        CopilotEndpoint endpoint = context.getEndpoint("copilot:chatOverStream?streamMode=" + value,
                CopilotEndpoint.class);
        endpoint.start();

        assertThat(endpoint.getConfiguration().getStreamMode()).isEqualTo(mode);
        assertThat(endpoint.createProducer()).isInstanceOf(mode == CopilotStreamMode.FINAL
                ? CopilotFinalStreamProducer.class : CopilotIteratorStreamProducer.class);
    }

    @Test
    void aBadValueFailsTheRouteAtStartNamingTheOptionAndValue() throws Exception {
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:start").to("copilot:chatOverStream?streamMode=everything");
                }
            });
            assertThatThrownBy(other::start).isInstanceOf(FailedToCreateRouteException.class)
                    .rootCause().hasMessageContaining(CopilotStreamMode.class.getName())
                    .hasMessageContaining("everything");
            assertThatThrownBy(other::start).hasCauseInstanceOf(org.apache.camel.ResolveEndpointFailedException.class)
                    .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(PropertyBindingException.class)
                            .extracting(c -> ((PropertyBindingException) c).getPropertyName())
                            .isEqualTo("streamMode"));
        }
    }

    @Test
    void theEndpointOptionOfEarlierVersionsStillStartsAndOnePoolServesEveryEndpoint() throws Exception {
        CopilotEndpoint old = context.getEndpoint("copilot:chatOverStream?streamReaderPoolSize=5", CopilotEndpoint.class);
        old.start();
        CopilotEndpoint plain = context.getEndpoint("copilot:chatOverStream?streamMode=snapshots", CopilotEndpoint.class);
        plain.start();

        assertThat(old.streamReaders()).isSameAs(plain.streamReaders());
    }

    @Test
    void aSedaTargetIsOfferedToItsQueueUnlessItsOwnProducerMustDecide() throws Exception {
        assertThat(UpdateRelay.Target.of(context, "seda:a?size=1").offer()).isNotNull();
        assertThat(UpdateRelay.Target.of(context, "seda:b?size=1&blockWhenFull=true&offerTimeout=5").offer())
                .isNotNull();
        assertThat(UpdateRelay.Target.of(context, "seda:c?discardWhenFull=true").offer()).isNull();
        assertThat(UpdateRelay.Target.of(context, "seda:d?failIfNoConsumers=true").offer()).isNull();
        assertThat(UpdateRelay.Target.of(context, "direct:e").offer()).isNull();
    }

    @Test
    void aFullQueueHoldsTheStreamBackAndLosesNothing() throws Exception {
        String prompt = "Relayed through a queue of one";
        var answer = template.asyncRequestBody("direct:tiny", prompt, String.class);

        // the consumer holds the first update; the stream cannot end before the queue has taken every update
        assertThat(answer).isNotDone();
        consumerGate.countDown();

        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(SimulatorReplies.replyFor(prompt));
        org.awaitility.Awaitility.await().until(() -> !relayed.isEmpty() && relayed.get(relayed.size() - 1).isLast());
        assertThat(replay(relayed)).isEqualTo(SimulatorReplies.replyFor(prompt));
        assertThat(relayed).filteredOn(CopilotStreamUpdate::isLast).hasSize(1);
    }
}
