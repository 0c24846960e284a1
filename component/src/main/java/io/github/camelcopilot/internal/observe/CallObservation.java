package io.github.camelcopilot.internal.observe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelcopilot.internal.client.CallListener;
import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.internal.stream.ServerSentEvent;
import io.github.camelcopilot.internal.stream.StreamListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Copilot call of an exchange, observed: its meters, and what it adds to the exchange's span (when a tracer is
 * active). Made by {@link CopilotObservability#call}; the client reports to it as the call's {@link CallListener}; a
 * chatOverStream producer wraps the stream's listener with {@link #stream(StreamListener)} and reports its close.
 */
public final class CallObservation implements CallListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallObservation.class);

    private final ObservedOperation operation;
    private final CopilotMeters meters;
    /** Null when no tracer is active. */
    private final SpanRecord span;
    private final Map<String, String> traceHeaders;
    private final AtomicInteger openStreams;
    private final long started = System.nanoTime();
    private volatile ObservedStream stream;

    CallObservation(ObservedOperation operation, CopilotMeters meters, SpanRecord span,
                    Map<String, String> traceHeaders, AtomicInteger openStreams) {
        this.operation = operation;
        this.meters = meters;
        this.span = span;
        this.traceHeaders = traceHeaders;
        this.openStreams = openStreams;
    }

    @Override
    public Map<String, String> requestHeaders() {
        return traceHeaders;
    }

    @Override
    public void retrying(String reason, Duration wait, int attempt) {
        try {
            recordRetry(reason, wait, attempt);
        } catch (RuntimeException e) {
            unrecorded(e);
        }
    }

    private void recordRetry(String reason, Duration wait, int attempt) {
        meters.retry(operation, reason, wait);
        if (span != null) {
            span.event(Map.of("event", "copilot.retry", "copilot.operation", operation.name(),
                    "copilot.retry.reason", reason, "copilot.retry.wait_ms", Long.toString(wait.toMillis()),
                    "copilot.attempt", Integer.toString(attempt), "copilot.elapsed_ms", Long.toString(elapsedMillis())));
        }
    }

    @Override
    public void ended(int status, String requestId, String clientRequestId, int attempts, Throwable failure,
                      String failureKind) {
        try {
            recordEnd(status, requestId, clientRequestId, attempts, failure, failureKind);
        } catch (RuntimeException e) {
            unrecorded(e);
        }
    }

    /** A meter or span that could not be written never fails the call it watches. */
    private static void unrecorded(RuntimeException e) {
        LOG.debug("A Copilot call's meters or span could not be recorded", e);
    }

    private void recordEnd(int status, String requestId, String clientRequestId, int attempts, Throwable failure,
                           String failureKind) {
        Throwable error = failure; // the client's own failure, as it failed the call (never wrapped)
        String kind = error == null ? null : failureKind != null ? failureKind : unclassified(error);
        String errorType = error == null ? "none" : status > 0 ? Integer.toString(status) : kind;
        if (meters.enabled()) {
            meters.operation(operation, errorType, System.nanoTime() - started);
            if (error != null) {
                meters.failure(operation, kind, error instanceof CopilotException copilot
                                                && copilot.isPossiblyProcessed());
            }
        }
        if (span != null) {
            if (status > 0) {
                span.put("http.response.status_code", Integer.toString(status));
            }
            span.put("copilot.request_id", requestId);
            span.put("copilot.client_request_id", clientRequestId);
            span.put("copilot.attempts", Integer.toString(attempts));
            if (error != null) {
                span.put("error.type", errorType);
                span.put("copilot.failure.kind", kind);
            }
        }
    }

    /** The kind of a failure the client did not classify: the token could not be had, or something unexpected. */
    private static String unclassified(Throwable error) {
        return error instanceof CopilotAuthenticationException ? "token" : "other";
    }

    /**
     * Wraps the listener of this call's stream: its first update, its end and how long it stayed open are measured,
     * and it counts as open until it ends or {@link #streamClosed()} is called.
     */
    public StreamListener stream(StreamListener listener) {
        ObservedStream previous = stream;
        if (previous != null) {
            previous.ended("closed");
        }
        ObservedStream observed = new ObservedStream(listener);
        stream = observed;
        return observed;
    }

    /** The exchange is done with the stream (completed, failed or stopped): it no longer counts as open. */
    public void streamClosed() {
        ObservedStream current = stream;
        if (current != null) {
            current.ended("closed");
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** A stream's listener, measured. */
    private final class ObservedStream implements StreamListener {

        private final StreamListener listener;
        private final long opened = System.nanoTime();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean updated;

        ObservedStream(StreamListener listener) {
            this.listener = listener;
            openStreams.incrementAndGet();
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            if (!updated) {
                updated = true;
                firstUpdate();
            }
            listener.onEvent(event);
        }

        private void firstUpdate() {
            try {
                long sinceStart = System.nanoTime() - started;
                meters.firstUpdate(sinceStart);
                if (span != null) {
                    span.event(Map.of("event", "copilot.stream.first_update", "copilot.elapsed_ms",
                            Long.toString(TimeUnit.NANOSECONDS.toMillis(sinceStart))));
                }
            } catch (RuntimeException e) {
                unrecorded(e);
            }
        }

        @Override
        public boolean hasCapacity() {
            return listener.hasCapacity();
        }

        @Override
        public void onEnd() {
            ended("completed");
            listener.onEnd();
        }

        @Override
        public void onError(Throwable error) {
            ended("failed");
            listener.onError(error);
        }

        void ended(String outcome) {
            if (ended.compareAndSet(false, true)) {
                openStreams.decrementAndGet();
                try {
                    meters.streamEnded(outcome, System.nanoTime() - opened);
                    if (span != null) {
                        span.put("copilot.stream.outcome", outcome);
                    }
                } catch (RuntimeException e) {
                    unrecorded(e);
                }
            }
        }
    }
}
