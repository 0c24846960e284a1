package io.github.camelcopilot.component;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters and spans of real calls to the simulator over loopback HTTP: a Micrometer registry in the Camel registry,
 * Camel's OpenTelemetry tracing (camel-opentelemetry2) with its spans kept in memory.
 */
class ObservabilityTest extends CopilotTestSupport {

    private static final String PROMPT = "What is on my calendar, privately?";

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("metricsRegistry", meters);
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        context.getRegistry().bind("otelTracer", tracerProvider.get("test"));
        context.getRegistry().bind("otelPropagators",
                ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        new OpenTelemetryTracer().init(context);
        return context;
    }

    @AfterEach
    void closeTracing() {
        tracerProvider.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
                from("direct:stream").to("copilot:chatOverStream?streamMode=final");
                from("direct:keyed").to("copilot:chat?maxTurns=1");
                from("direct:content").to("copilot:chat?traceContent=true");
            }
        };
    }

    private Timer duration(String operation, String errorType) {
        return meters.find("gen_ai.client.operation.duration").tag("copilot.operation", operation)
                .tag("error.type", errorType).timer();
    }

    /** The span camel-telemetry made for the copilot: call of this route (the last one). */
    private SpanData copilotSpan(String operation) {
        await().until(() -> spans.getFinishedSpanItems().stream().anyMatch(span -> operation.equals(
                span.getAttributes().get(AttributeKey.stringKey("copilot.operation")))));
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(span -> operation.equals(
                span.getAttributes().get(AttributeKey.stringKey("copilot.operation")))).toList();
        return found.get(found.size() - 1);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static List<EventData> events(SpanData span, String name) {
        return span.getEvents().stream().filter(event -> event.getName().equals(name)).toList();
    }

    private RecordedRequest lastChatRequest() {
        List<RecordedRequest> chats = simulator().requests().stream().filter(r -> r.path().endsWith("/chat")).toList();
        return chats.get(chats.size() - 1);
    }

    @Test
    void theComponentsStopRemovesEveryMeterItMade() {
        ask("direct:chat", null, PROMPT);
        ask("direct:stream", null, PROMPT);
        ask("direct:chat", "no-such-conversation", PROMPT);
        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .contains("copilot.streams.open", "copilot.client.connections.waiting", "copilot.stream.duration",
                        "copilot.client.failures", "gen_ai.client.operation.duration",
                        "gen_ai.client.operation.time_to_first_chunk");

        context.stop();

        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("copilot.") || name.startsWith("gen_ai."));
    }

    @Test
    void aSuccessfulChatIsMeasuredAndItsSpanCarriesTheIdsSupportAsksFor() {
        Exchange result = ask("direct:chat", null, PROMPT);

        assertThat(result.getException()).isNull();
        String conversationId = result.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
        assertThat(duration("createConversation", "none").count()).isEqualTo(1);
        Timer chat = duration("chat", "none");
        assertThat(chat.count()).isEqualTo(1);
        assertThat(chat.getId().getTag("gen_ai.operation.name")).isEqualTo("chat");
        assertThat(chat.getId().getTag("gen_ai.provider.name")).isEqualTo("microsoft.copilot");
        assertThat(chat.getId().getTag("server.address")).isEqualTo("127.0.0.1");
        assertThat(meters.find("copilot.auth.token.acquisitions").tag("copilot.auth.mode", "accessToken")
                .tag("copilot.auth.token.source", "supplied").tag("copilot.outcome", "success").counter().count())
                .isEqualTo(2); // the create and the chat
        assertThat(meters.find("copilot.client.failures").counter()).isNull();

        SpanData span = copilotSpan("chat");
        assertThat(span.getName()).isEqualTo("chat");
        assertThat(attribute(span, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(span, "gen_ai.provider.name")).isEqualTo("microsoft.copilot");
        assertThat(attribute(span, "server.address")).isEqualTo("127.0.0.1");
        assertThat(attribute(span, "gen_ai.conversation.id")).isEqualTo(conversationId);
        assertThat(attribute(span, "http.response.status_code")).isEqualTo("200");
        assertThat(attribute(span, "copilot.request_id"))
                .isEqualTo(result.getMessage().getHeader(CopilotConstants.REQUEST_ID)).isNotBlank();
        assertThat(attribute(span, "copilot.client_request_id"))
                .isEqualTo(result.getMessage().getHeader(CopilotConstants.CLIENT_REQUEST_ID))
                .isEqualTo(lastChatRequest().header("client-request-id"));
        assertThat(attribute(span, "copilot.attempts")).isEqualTo("1");
        assertThat(attribute(span, "error.type")).isNull();
        // The Graph request carries the span's W3C trace context.
        assertThat(lastChatRequest().header("traceparent"))
                .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
    }

    @Test
    void a429ThenSuccessCountsTheRetryItsWaitAndAnEventOnTheSpan() {
        String id = conversation();
        simulator().faults().enqueue(Fault.throttled("0.05").on(Fault.Operation.CHAT));

        Exchange result = ask("direct:chat", id, PROMPT);

        assertThat(result.getException()).isNull();
        Timer retries = meters.find("copilot.client.retry.wait").tag("copilot.operation", "chat")
                .tag("copilot.retry.reason", "429").timer();
        assertThat(retries.count()).isEqualTo(1);
        assertThat(retries.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(50);
        assertThat(duration("chat", "none").count()).isEqualTo(1);
        SpanData span = copilotSpan("chat");
        assertThat(attribute(span, "copilot.attempts")).isEqualTo("2");
        List<EventData> retried = events(span, "copilot.retry");
        assertThat(retried).hasSize(1);
        assertThat(retried.get(0).getAttributes().get(AttributeKey.stringKey("copilot.retry.reason"))).isEqualTo("429");
        assertThat(retried.get(0).getAttributes().get(AttributeKey.stringKey("copilot.retry.wait_ms"))).isEqualTo("50");
    }

    @Test
    void aPossiblyProcessedFailureIsCountedApartWithItsErrorType() {
        String id = conversation();
        simulator().faults().enqueue(Fault.status(504).on(Fault.Operation.CHAT));

        Exchange result = ask("direct:chat", id, PROMPT);

        assertThat(result.getException(CopilotException.class).isPossiblyProcessed()).isTrue();
        assertThat(duration("chat", "504").count()).isEqualTo(1);
        assertThat(duration("chat", "none").count()).isZero();
        Counter failures = meters.find("copilot.client.failures").tag("copilot.operation", "chat")
                .tag("copilot.failure.kind", "outcome_unknown").tag("copilot.possibly_processed", "true").counter();
        assertThat(failures.count()).isEqualTo(1);
        SpanData span = copilotSpan("chat");
        assertThat(attribute(span, "error.type")).isEqualTo("504");
        assertThat(attribute(span, "copilot.failure.kind")).isEqualTo("outcome_unknown");
        assertThat(attribute(span, "http.response.status_code")).isEqualTo("504");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    }

    @Test
    void aStreamMeasuresItsFirstUpdateAndItsDurationAndIsNoLongerOpenOnceDone() {
        String id = conversation();

        Exchange result = ask("direct:stream", id, PROMPT);

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor(PROMPT));
        Timer firstUpdate = meters.find("gen_ai.client.operation.time_to_first_chunk").timer();
        assertThat(firstUpdate.count()).isEqualTo(1);
        Timer streamed = meters.find("copilot.stream.duration").tag("copilot.stream.outcome", "completed").timer();
        assertThat(streamed.count()).isEqualTo(1);
        assertThat(duration("chatOverStream", "none").count()).isEqualTo(1);
        assertThat(meters.find("copilot.streams.open").gauge().value()).isZero();
        SpanData span = copilotSpan("chatOverStream");
        assertThat(attribute(span, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(span, "copilot.stream.outcome")).isEqualTo("completed");
        assertThat(events(span, "copilot.stream.first_update")).hasSize(1);
    }

    @Test
    void aKeyedRolloverIsCountedWithItsReason() {
        Exchange first = template.request("direct:keyed", e -> {
            e.getMessage().setBody("One");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-1");
        });
        Exchange second = template.request("direct:keyed", e -> {
            e.getMessage().setBody("Two");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-1");
        });

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        assertThat(meters.find("copilot.conversations").tag("copilot.conversation.outcome", "new").counter().count())
                .isEqualTo(1);
        assertThat(meters.find("copilot.conversations").tag("copilot.conversation.outcome", "rolled_over").counter()
                .count()).isEqualTo(1);
        assertThat(meters.find("copilot.conversation.rollovers").tag("copilot.rollover.reason", "maxTurns").counter()
                .count()).isEqualTo(1);
        assertThat(meters.find("copilot.conversation.store.duration").tag("copilot.outcome", "success").timer()
                .count()).isPositive();
    }

    @Test
    void noTagOrAttributeCarriesATokenAPromptAReplyOrAConversationIdUnlessContentIsCaptured() throws Exception {
        String id = conversation();
        simulator().faults().enqueue(Fault.throttled("0.01").on(Fault.Operation.CHAT));
        Exchange asked = ask("direct:chat", id, PROMPT);
        ask("direct:stream", id, PROMPT);
        simulator().faults().enqueue(Fault.status(500).on(Fault.Operation.CHAT));
        ask("direct:chat", id, PROMPT);
        assertThat(asked.getException()).isNull();

        List<String> secrets = List.of(CopilotSimulator.DEFAULT_TOKEN, PROMPT, SimulatorReplies.replyFor(PROMPT));
        List<String> tagValues = new ArrayList<>();
        for (Meter meter : meters.getMeters()) {
            meter.getId().getTags().forEach(tag -> tagValues.add(tag.getKey() + "=" + tag.getValue()));
        }
        assertThat(tagValues).isNotEmpty().noneMatch(value -> value.contains(id))
                .noneMatch(value -> secrets.stream().anyMatch(value::contains));
        await().until(() -> spans.getFinishedSpanItems().size() >= 3);
        String everything = spans.getFinishedSpanItems().stream().map(span -> span.getAttributes().asMap().values()
                + " " + span.getEvents().stream().map(event -> event.getAttributes().asMap().values().toString())
                        .collect(Collectors.joining())).collect(Collectors.joining("\n"));
        assertThat(everything).contains(id); // the conversation id is on the span, as asked
        assertThat(secrets).allSatisfy(secret -> assertThat(everything).doesNotContain(secret));

        Exchange captured = ask("direct:content", id, PROMPT);
        assertThat(captured.getException()).isNull();
        SpanData span = copilotSpan("chat");
        assertThat(content(attribute(span, "gen_ai.input.messages"))).isEqualTo("user: " + PROMPT);
        assertThat(content(attribute(span, "gen_ai.output.messages")))
                .isEqualTo("assistant: " + SimulatorReplies.replyFor(PROMPT));
    }

    /** The role and text of the one message of a gen_ai.*.messages attribute. */
    private static String content(String messages) throws Exception {
        JsonNode message = new ObjectMapper().readTree(messages).get(0);
        return message.get("role").asText() + ": " + message.get("parts").get(0).get("content").asText();
    }

    @Test
    void theTraceContextIsNotForwardedWhenPropagationIsOff() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:quiet").to("copilot:chat?propagateTraceContext=false");
            }
        });
        String id = conversation();

        assertThat(ask("direct:quiet", id, PROMPT).getException()).isNull();

        assertThat(lastChatRequest().header("traceparent")).isNull();
    }
}
