package io.github.camelcopilot.internal.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The meters in a Micrometer {@link MeterRegistry}: the only class of the component that names Micrometer, loaded
 * only when a registry was found. The meters a successful call records are made once, when the component starts;
 * other combinations of bounded tag values are made on first use and kept, so no call builds tags twice. The
 * component's stop removes them from the registry.
 */
final class MicrometerMeters implements CopilotMeters {

    private static final String NONE = "none";
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    private final Tags common;
    private final List<Meter> made = new ArrayList<>();
    private final Timer[] succeeded = new Timer[ObservedOperation.values().length];
    private final Map<String, Meter> byKey = new ConcurrentHashMap<>();
    private final Timer firstUpdate;

    /** @param serverAddress the host of the service (one per endpoint configuration: a bounded value) */
    MicrometerMeters(MeterRegistry registry, String serverAddress) {
        this.registry = registry;
        this.common = Tags.of("gen_ai.provider.name", ObservedOperation.PROVIDER, "server.address",
                serverAddress == null ? NONE : serverAddress);
        if (serverAddress == null) {
            firstUpdate = null; // the gauges' holder
            return;
        }
        for (ObservedOperation operation : ObservedOperation.values()) {
            succeeded[operation.ordinal()] = operationTimer(operation, NONE);
        }
        firstUpdate = keep(histogram(Timer.builder("gen_ai.client.operation.time_to_first_chunk")
                .description("Time from the start of a chatOverStream call to its first update")
                .tags(common).tag("gen_ai.operation.name", ObservedOperation.chatOverStream.genAiName())
                .tag("copilot.operation", ObservedOperation.chatOverStream.name())).register(registry));
    }

    /**
     * The component's gauges, once per component.
     *
     * @param openStreams the streams open now
     * @param waiting     the calls waiting for a connection now
     */
    static MicrometerMeters gauges(MeterRegistry registry, IntSupplier openStreams, IntSupplier waiting) {
        MicrometerMeters gauges = new MicrometerMeters(registry, null);
        gauges.keep(Gauge.builder("copilot.streams.open", openStreams, IntSupplier::getAsInt)
                .description("chatOverStream responses open now").strongReference(true).register(registry));
        gauges.keep(Gauge.builder("copilot.client.connections.waiting", waiting, IntSupplier::getAsInt)
                .description("Calls waiting for the connection pool to hand them a connection")
                .strongReference(true).register(registry));
        return gauges;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void operation(ObservedOperation operation, String errorType, long nanos) {
        Timer timer = NONE.equals(errorType) ? succeeded[operation.ordinal()]
                : meter("op|" + operation.name() + "|" + errorType, key -> operationTimer(operation, errorType));
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer operationTimer(ObservedOperation operation, String errorType) {
        return keep(histogram(Timer.builder("gen_ai.client.operation.duration")
                .description("Duration of a Copilot call, from its start to its answer (for chatOverStream, to the"
                             + " stream's head), retries and token included")
                .tags(common).tag("gen_ai.operation.name", operation.genAiName())
                .tag("copilot.operation", operation.name()).tag("error.type", errorType)).register(registry));
    }

    @Override
    public void failure(ObservedOperation operation, String kind, boolean possiblyProcessed) {
        this.<Counter>meter("fail|" + operation.name() + "|" + kind + "|" + possiblyProcessed,
                key -> keep(Counter.builder("copilot.client.failures")
                        .description("Copilot calls that failed, by failure kind; possibly processed ones apart")
                        .tag("copilot.operation", operation.name()).tag("copilot.failure.kind", kind)
                        .tag("copilot.possibly_processed", Boolean.toString(possiblyProcessed))
                        .register(registry))).increment();
    }

    @Override
    public void retry(ObservedOperation operation, String reason, Duration wait) {
        this.<Timer>meter("retry|" + operation.name() + "|" + reason,
                key -> keep(Timer.builder("copilot.client.retry.wait")
                        .description("Waits before a retry (Retry-After or backoff), by reason; its count is the"
                                     + " number of retries")
                        .tag("copilot.operation", operation.name()).tag("copilot.retry.reason", reason)
                        .register(registry))).record(wait);
    }

    @Override
    public void firstUpdate(long nanos) {
        firstUpdate.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void streamEnded(String outcome, long nanos) {
        this.<Timer>meter("stream|" + outcome, key -> keep(histogram(Timer.builder("copilot.stream.duration")
                .description("How long chatOverStream responses stayed open, by how they ended")
                .tag("copilot.stream.outcome", outcome)).register(registry))).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void token(String mode, String source, boolean success) {
        this.<Counter>meter("token|" + mode + "|" + source + "|" + success,
                key -> keep(Counter.builder("copilot.auth.token.acquisitions")
                        .description("Access tokens asked for, by sign-in mode, source and outcome")
                        .tag("copilot.auth.mode", mode).tag("copilot.auth.token.source", source)
                        .tag("copilot.outcome", success ? "success" : "failure").register(registry))).increment();
    }

    @Override
    public void tokenRefreshed(String mode) {
        this.<Counter>meter("refresh|" + mode, key -> keep(Counter.builder("copilot.auth.token.refreshes")
                .description("Tokens the service refused with 401, followed by a fresh token and one more attempt")
                .tag("copilot.auth.mode", mode).register(registry))).increment();
    }

    @Override
    public void conversation(String outcome) {
        this.<Counter>meter("conv|" + outcome, key -> keep(Counter.builder("copilot.conversations")
                .description("Keyed messages by the conversation they went to: new, continued or rolled over")
                .tag("copilot.conversation.outcome", outcome).register(registry))).increment();
    }

    @Override
    public void rollover(String reason) {
        this.<Counter>meter("roll|" + reason, key -> keep(Counter.builder("copilot.conversation.rollovers")
                .description("Keys whose conversation was replaced by a new one, by reason")
                .tag("copilot.rollover.reason", reason).register(registry))).increment();
    }

    @Override
    public void storeCall(boolean success, long nanos) {
        this.<Timer>meter("store|" + success, key -> keep(Timer.builder("copilot.conversation.store.duration")
                .description("Conversation store calls of keyed messages")
                .tag("copilot.outcome", success ? "success" : "failure").register(registry)))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Removes every meter this made from the registry (the component stops). */
    void remove() {
        synchronized (made) {
            made.forEach(registry::remove);
            made.clear();
        }
        byKey.clear();
    }

    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(String key, Function<String, M> make) {
        Meter meter = byKey.get(key);
        return (M) (meter != null ? meter : byKey.computeIfAbsent(key, make));
    }

    private <M extends Meter> M keep(M meter) {
        synchronized (made) {
            made.add(meter);
        }
        return meter;
    }

    /** Percentile histogram buckets between 1 ms and 10 min, for latency percentiles in Prometheus. */
    private static Timer.Builder histogram(Timer.Builder builder) {
        return builder.publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED);
    }
}
