package io.github.camelcopilot.internal.observe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.internal.client.CallListener;
import io.github.camelcopilot.internal.stream.ServerSentEvent;
import io.github.camelcopilot.internal.stream.StreamListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Copilot call of an exchange, observed: the client reports to it as the call's {@link CallListener}; a
 * chatOverStream producer wraps the stream's listener with {@link #stream} and reports its close.
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

    /** A meter or span that could not be written never fails the call it watches. */
    private static void record(Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException e) {
            LOG.debug("A Copilot call's meters or span could not be recorded", e);
        }
    }

    @Override
    public void retrying(String reason, Duration wait, int attempt) {
        record(() -> {
            meters.retry(operation, reason, wait);
            if (span != null) {
                span.event(Map.of("event", "copilot.retry", "copilot.operation", operation.name(),
                        "copilot.retry.reason", reason, "copilot.retry.wait_ms", Long.toString(wait.toMillis()),
                        "copilot.attempt", Integer.toString(attempt), "copilot.elapsed_ms", millisSince(started)));
            }
        });
    }

    @Override
    public void ended(int status, String requestId, String clientRequestId, int attempts, Throwable failure,
                      String failureKind) {
        record(() -> recordEnd(status, requestId, clientRequestId, attempts, failure, failureKind));
    }

    private void recordEnd(int status, String requestId, String clientRequestId, int attempts, Throwable failure,
                           String failureKind) {
        // A failure the client did not classify: the token could not be had, or something unexpected.
        String kind = failure == null ? null : failureKind != null ? failureKind
                : failure instanceof CopilotAuthenticationException ? "token" : "other";
        String errorType = failure == null ? "none" : status > 0 ? Integer.toString(status) : kind;
        if (meters.enabled()) {
            meters.operation(operation, errorType, System.nanoTime() - started);
            if (failure != null) {
                meters.failure(operation, kind, failure instanceof CopilotException copilot
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
            if (failure != null) {
                span.put("error.type", errorType);
                span.put("copilot.failure.kind", kind);
            }
        }
    }

    /** Wraps the listener of this call's stream, which counts as open until it ends or {@link #streamClosed()}. */
    public StreamListener stream(StreamListener listener) {
        streamClosed();
        ObservedStream observed = new ObservedStream(listener);
        stream = observed;
        return observed;
    }

    /** The exchange is done with the stream (completed, failed or stopped). */
    public void streamClosed() {
        ObservedStream current = stream;
        if (current != null) {
            current.ended("closed");
        }
    }

    private static String millisSince(long nanoTime) {
        return Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime));
    }

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
                record(() -> {
                    meters.firstUpdate(System.nanoTime() - started);
                    if (span != null) {
                        span.event(Map.of("event", "copilot.stream.first_update",
                                "copilot.elapsed_ms", millisSince(started)));
                    }
                });
            }
            listener.onEvent(event);
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
                record(() -> {
                    meters.streamEnded(outcome, System.nanoTime() - opened);
                    if (span != null) {
                        span.put("copilot.stream.outcome", outcome);
                    }
                });
            }
        }
    }
}
