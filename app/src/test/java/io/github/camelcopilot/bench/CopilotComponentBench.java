package io.github.camelcopilot.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConstants;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.support.PropertyBindingSupport;

/** The {@code copilot:} component in a route, with its defaults (retries, validation) left as they are. */
final class CopilotComponentBench extends CamelRouteBench {

    static final String NAME = "copilot component";
    /**
     * The iterator mode's bounded reader pool: the component option that sizes it and the size the benchmark sets.
     * Both are here so that they can be switched in one place; an option the component does not have is left out
     * (then {@link #readerPoolSize} is null and the component's own default applies).
     */
    static final String READER_POOL_OPTION = "streamReaderPoolSize";
    static final int READER_POOL_SIZE = 16;
    /** Updates that reached the seda consumer (final mode) or the split (deltas mode). */
    final AtomicLong updatesReceived = new AtomicLong();
    /** The reader pool size set on the component, or null when it has no such option. */
    final Integer readerPoolSize;
    /** The optional options the component declared and got. */
    final Map<String, Object> optionsSet = new LinkedHashMap<>();

    /**
     * On the TLS front the component trusts the benchmark's certificate through its {@code sslContextParameters};
     * {@value #READER_POOL_OPTION} is set only where the component declares it. Its connection limits stay at their
     * defaults (maxConnections 10,000 holds the 10,000 HTTP/1.1 streams; each run reports the connections it used).
     */
    CopilotComponentBench(BenchServer.Endpoint endpoint) throws Exception {
        this(endpoint, Watching.NONE);
    }

    /** What watches the component: nothing, meters, or meters and tracing. */
    enum Watching {
        NONE(""), METERS(", meters"), METERS_AND_TRACING(", meters + tracing");

        final String suffix;

        Watching(String suffix) {
            this.suffix = suffix;
        }
    }

    private final Watching watching;
    private SdkTracerProvider tracing;

    /**
     * @param watching {@link Watching#METERS}: a Prometheus registry in the Camel registry (as Camel Main's metrics
     *                 make one); {@link Watching#METERS_AND_TRACING}: Camel's OpenTelemetry tracing too, its spans
     *                 batched to an exporter that drops them
     */
    CopilotComponentBench(BenchServer.Endpoint endpoint, Watching watching) throws Exception {
        super(endpoint.front());
        this.watching = watching;
        if (watching != Watching.NONE) {
            context.getRegistry().bind("metricsRegistry", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
        if (watching == Watching.METERS_AND_TRACING) {
            tracing = SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            }).build()).build();
            context.getRegistry().bind("benchTracer", tracing.get("bench"));
            context.getRegistry().bind("benchPropagators",
                    ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
            new OpenTelemetryTracer().init(context);
        }
        CopilotComponent copilot = context.getComponent("copilot", CopilotComponent.class);
        copilot.getConfiguration().setBaseUrl(endpoint.baseUrl());
        if (endpoint.isTls()) {
            copilot.getConfiguration().setSslContextParameters(endpoint.tls().camelParameters());
        }
        copilot.getConfiguration().setAccessToken(BenchServer.TOKEN);
        copilot.getConfiguration().setTimeZone("UTC");
        readerPoolSize = bindIfDeclared(copilot, READER_POOL_OPTION, READER_POOL_SIZE) ? READER_POOL_SIZE : null;
        String chatOptions = "?conversationId=" + BenchServer.CONVERSATION_ID;
        // The seda queue holds every update of 10,000 streams if its consumer falls behind.
        String updates = "seda:benchUpdates?size=200000";
        String relayingStream = "copilot:chatOverStream" + chatOptions + "&streamMode=final&updateUri=" + updates;
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from(directUri(Operation.CREATE))
                        .to("copilot:createConversation")
                        .transform().exchange(e -> e.getMessage().getBody(CopilotConversation.class).getId());

                from(directUri(Operation.CHAT))
                        .to("copilot:chat" + chatOptions);

                from(directUri(Operation.STREAM))
                        .to("copilot:chatOverStream" + chatOptions + "&streamMode=final");

                from(directUri(Operation.STREAM_UPDATES))
                        .to(relayingStream);
                from(directUri(Operation.FIRST_UPDATE))
                        .to(relayingStream);
                from(updates)
                        .process(e -> {
                            e.getMessage().getBody(CopilotStreamUpdate.class);
                            FirstUpdate.arrived(e.getProperty(FIRST_UPDATE, FirstUpdate.class));
                            updatesReceived.incrementAndGet();
                        });

                from(directUri(Operation.STREAM_DELTAS))
                        .to("copilot:chatOverStream" + chatOptions + "&streamMode=deltas")
                        .split(body()).streaming()
                            .process(e -> {
                                e.getMessage().getBody(CopilotStreamUpdate.class);
                                updatesReceived.incrementAndGet();
                            })
                        .end()
                        .transform().exchange(e -> e.getMessage()
                                .getHeader(CopilotConstants.CONVERSATION, CopilotConversation.class).getReplyText());
            }
        });
    }

    /** Sets an option on the component or its configuration, whichever has it; false when neither does. */
    private boolean bindIfDeclared(CopilotComponent copilot, String option, Object value) {
        for (Object target : new Object[] {copilot, copilot.getConfiguration()}) {
            if (PropertyBindingSupport.build().withMandatory(false).bind(context, target, option, value)) {
                optionsSet.put(option, value);
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return NAME + watching.suffix;
    }

    @Override
    public void close() throws Exception {
        super.close();
        if (tracing != null) {
            tracing.close();
        }
    }

    @Override
    public boolean blocksCaller() {
        return false;
    }

    @Override
    protected Object body(Operation operation) {
        return operation == Operation.CREATE ? null : BenchServer.PROMPT;
    }
}
