package io.github.camelcopilot.internal.observe;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A component's meters and spans, from its start to its stop. This class names Micrometer only by class name, so
 * that without a {@code MeterRegistry} (or with {@code metricsEnabled} off) no Micrometer class is loaded.
 */
public final class CopilotObservability {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotObservability.class);
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final String TELEMETRY_TRACER = "org.apache.camel.telemetry.Tracer";
    /** The bean camel-micrometer (and Camel Main's metrics) registers; preferred when there are several. */
    private static final String CAMEL_METRICS_REGISTRY = "metricsRegistry";

    private final CamelContext context;
    /** The MeterRegistry (typed Object so that Micrometer is loaded only when there is one), or null. */
    private final Object registry;
    private final Map<String, CopilotMeters> meters = new ConcurrentHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final CopilotMeters gauges;
    private final IntSupplier waiting;
    private final Class<?> tracerType;
    /** The components observed now: a registry's gauges (one meter each) sum every component sharing it. */
    private static final List<CopilotObservability> LIVE = new CopyOnWriteArrayList<>();
    private volatile boolean tracing;
    private volatile boolean tracingKnown;

    private CopilotObservability(CamelContext context, Object registry, IntSupplier waiting) {
        this.context = context;
        this.registry = registry;
        this.waiting = waiting;
        if (registry != null) {
            LIVE.add(this);
        }
        this.gauges = registry == null ? CopilotMeters.NONE : unlessBroken(() -> Micrometer.gauges(registry,
                () -> sum(registry, observed -> observed.openStreams.get()),
                () -> sum(registry, observed -> observed.waiting.getAsInt())));
        this.tracerType = context.getClassResolver().resolveClass(TELEMETRY_TRACER);
    }

    /**
     * @param metricsEnabled false: no meters even when a registry is there
     * @param waiting        the calls waiting for a connection now, across the component's transports
     */
    public static CopilotObservability start(CamelContext context, boolean metricsEnabled, IntSupplier waiting) {
        return new CopilotObservability(context, metricsEnabled ? meterRegistry(context) : null, waiting);
    }

    private static Object meterRegistry(CamelContext context) {
        Class<?> type = context.getClassResolver().resolveClass(METER_REGISTRY);
        if (type == null) {
            return null;
        }
        Object named = context.getRegistry().lookupByNameAndType(CAMEL_METRICS_REGISTRY, type);
        if (named != null) {
            return named;
        }
        Set<?> found = context.getRegistry().findByType(type);
        return found.isEmpty() ? null : found.iterator().next();
    }

    /** The meters of calls to this host (the {@code server.address} tag); {@link CopilotMeters#NONE} when off. */
    public CopilotMeters meters(String serverAddress) {
        if (registry == null) {
            return CopilotMeters.NONE;
        }
        return meters.computeIfAbsent(serverAddress == null ? "" : serverAddress,
                address -> unlessBroken(() -> Micrometer.meters(registry, address)));
    }

    /** Meters the registry refuses cost the meters, never the calls. */
    private static CopilotMeters unlessBroken(Supplier<CopilotMeters> make) {
        try {
            return make.get();
        } catch (RuntimeException e) {
            LOG.warn("The Copilot meters cannot be registered ({}: {}); calls are not measured",
                    e.getClass().getSimpleName(), e.getMessage());
            return CopilotMeters.NONE;
        }
    }

    /** Whether camel-telemetry's tracer runs in the context, so that a {@code copilot:} call has a span. */
    public boolean tracing() {
        if (tracingKnown) {
            return tracing;
        }
        boolean now = tracerType != null && context.hasService(tracerType) != null;
        if (context.isStarted()) {
            tracing = now; // tracers are set up before the context starts: the answer holds from now on
            tracingKnown = true;
        }
        return now;
    }

    /**
     * @param meters    the endpoint's {@link #meters(String)}
     * @param propagate forward the message's W3C trace headers onto the request
     */
    public CallObservation call(Exchange exchange, ObservedOperation operation, CopilotMeters meters,
                                boolean propagate, boolean captureContent) {
        SpanRecord span = null;
        if (tracing()) {
            span = exchange.getProperty(SpanRecord.PROPERTY, SpanRecord.class);
            if (span == null) {
                span = new SpanRecord(captureContent);
                exchange.setProperty(SpanRecord.PROPERTY, span);
            }
        }
        Map<String, String> headers = propagate ? TraceContext.of(exchange.getMessage()) : Map.of();
        return new CallObservation(operation, meters, span, headers, openStreams);
    }

    private static int sum(Object registry, ToIntFunction<CopilotObservability> figure) {
        return LIVE.stream().filter(observed -> observed.registry == registry).mapToInt(figure).sum();
    }

    /** Removes the component's meters from the registry, once no other component records there. */
    public void stop() {
        if (registry != null) {
            LIVE.remove(this);
            if (LIVE.stream().noneMatch(observed -> observed.registry == registry)) {
                meters.values().forEach(Micrometer::remove);
                Micrometer.remove(gauges);
            }
            meters.clear();
        }
    }

    /** Where Micrometer's types are named: loaded only when a registry was found. */
    private static final class Micrometer {
        static CopilotMeters gauges(Object registry, IntSupplier openStreams, IntSupplier waiting) {
            return MicrometerMeters.gauges((MeterRegistry) registry, openStreams, waiting);
        }

        static CopilotMeters meters(Object registry, String serverAddress) {
            return new MicrometerMeters((MeterRegistry) registry, serverAddress);
        }

        static void remove(CopilotMeters meters) {
            if (meters instanceof MicrometerMeters micrometer) {
                micrometer.remove();
            }
        }
    }
}
