package io.github.camelcopilot.internal.observe;

import java.time.Duration;
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
 * The meters in a Micrometer {@link MeterRegistry}: the only class that names Micrometer, loaded only when a registry
 * was found. A successful call's meters are made up front, other tag combinations on first use and then kept, so
 * no call builds a meter twice.
 */
final class MicrometerMeters implements CopilotMeters {

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Tags common;
    private final Timer[] succeeded = new Timer[ObservedOperation.values().length];
    /** Every meter made, by name and tags: what the component's stop removes. */
    private final Map<String, Meter> byKey = new ConcurrentHashMap<>();
    private final Timer firstUpdate;

    /** @param serverAddress the service's host, or null for the gauges' holder */
    MicrometerMeters(MeterRegistry registry, String serverAddress) {
        this.registry = registry;
        this.common = Tags.of("gen_ai.provider.name", ObservedOperation.PROVIDER, "server.address",
                serverAddress == null ? NONE : serverAddress);
        if (serverAddress == null) {
            firstUpdate = null;
            return;
        }
        for (ObservedOperation operation : ObservedOperation.values()) {
            succeeded[operation.ordinal()] = operationTimer(operation, NONE);
        }
        firstUpdate = meter("first", key -> histogram(Timer.builder("gen_ai.client.operation.time_to_first_chunk")
                .description("Time from the start of a chatOverStream call to its first update")
                .tags(common).tag("gen_ai.operation.name", ObservedOperation.chatOverStream.genAiName())
                .tag("copilot.operation", ObservedOperation.chatOverStream.name())).register(registry));
    }

    /** The gauges, one per registry, summing every component that shares it. */
    static MicrometerMeters gauges(MeterRegistry registry, IntSupplier openStreams, IntSupplier waiting) {
        MicrometerMeters gauges = new MicrometerMeters(registry, null);
        gauges.meter("open", key -> Gauge.builder("copilot.streams.open", openStreams, IntSupplier::getAsInt)
                .description("chatOverStream responses open now").strongReference(true).register(registry));
        gauges.meter("waiting", key -> Gauge
                .builder("copilot.client.connections.waiting", waiting, IntSupplier::getAsInt)
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
        Timer timer = NONE.equals(errorType) ? succeeded[operation.ordinal()] : operationTimer(operation, errorType);
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer operationTimer(ObservedOperation operation, String errorType) {
        return meter("op|" + operation.name() + "|" + errorType, key -> histogram(
                Timer.builder("gen_ai.client.operation.duration")
                        .description("Duration of a Copilot call, from its start to its answer (for chatOverStream, to"
                                     + " the stream's head), retries and token included")
                .tags(common).tag("gen_ai.operation.name", operation.genAiName())
                .tag("copilot.operation", operation.name()).tag("error.type", errorType)).register(registry));
    }

    @Override
    public void failure(ObservedOperation operation, String kind, boolean possiblyProcessed) {
        count("copilot.client.failures", "Copilot calls that failed, by failure kind; possibly processed ones apart",
                "copilot.operation", operation.name(), "copilot.failure.kind", kind,
                "copilot.possibly_processed", Boolean.toString(possiblyProcessed));
    }

    @Override
    public void retry(ObservedOperation operation, String reason, Duration wait) {
        this.<Timer>meter("retry|" + operation.name() + "|" + reason,
                key -> Timer.builder("copilot.client.retry.wait")
                        .description("Waits before a retry (Retry-After or backoff), by reason; its count is the"
                                     + " number of retries")
                        .tag("copilot.operation", operation.name()).tag("copilot.retry.reason", reason)
                        .register(registry)).record(wait);
    }

    @Override
    public void firstUpdate(long nanos) {
        firstUpdate.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void streamEnded(String outcome, long nanos) {
        this.<Timer>meter("stream|" + outcome, key -> histogram(Timer.builder("copilot.stream.duration")
                .description("How long chatOverStream responses stayed open, by how they ended")
                .tag("copilot.stream.outcome", outcome)).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void token(String mode, String source, boolean success) {
        count("copilot.auth.token.acquisitions", "Access tokens asked for, by sign-in mode, source and outcome",
                "copilot.auth.mode", mode, "copilot.auth.token.source", source, "copilot.outcome", outcome(success));
    }

    @Override
    public void tokenRefreshed(String mode) {
        count("copilot.auth.token.refreshes",
                "Tokens the service refused with 401, followed by a fresh token and one more attempt",
                "copilot.auth.mode", mode);
    }

    @Override
    public void conversation(String outcome) {
        count("copilot.conversations", "Keyed messages by the conversation they went to: new, continued or rolled over",
                "copilot.conversation.outcome", outcome);
    }

    @Override
    public void rollover(String reason) {
        count("copilot.conversation.rollovers", "Keys whose conversation was replaced by a new one, by reason",
                "copilot.rollover.reason", reason);
    }

    @Override
    public void storeCall(boolean success, long nanos) {
        this.<Timer>meter("store|" + success, key -> Timer.builder("copilot.conversation.store.duration")
                .description("Conversation store calls of keyed messages")
                .tag("copilot.outcome", outcome(success)).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(boolean success) {
        return success ? "success" : "failure";
    }

    void remove() {
        byKey.values().forEach(registry::remove);
        byKey.clear();
    }

    /** Counts one on the counter of this name and these tag keys and values. */
    private void count(String name, String description, String... tags) {
        this.<Counter>meter(name + "|" + String.join("|", tags), key -> Counter.builder(name)
                .description(description).tags(tags).register(registry)).increment();
    }

    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(String key, Function<String, M> make) {
        Meter meter = byKey.get(key);
        return (M) (meter != null ? meter : byKey.computeIfAbsent(key, make));
    }

    /** Percentile histogram buckets between 1 ms and 10 min, for latency percentiles in Prometheus. */
    private static Timer.Builder histogram(Timer.Builder builder) {
        return builder.publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10));
    }
}
