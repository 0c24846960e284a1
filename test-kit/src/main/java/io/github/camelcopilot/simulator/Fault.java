package io.github.camelcopilot.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One misbehaviour the simulator can inject into a response. Build one with the static factories, optionally
 * restrict it with {@link #on(Operation)}, and hand it to {@link SimulatorFaults#enqueue(Fault)}.
 *
 * @param kind       what goes wrong
 * @param appliesTo  which operation's requests the fault may hit
 * @param status     the HTTP status of the {@code STATUS_*} kinds, 0 otherwise
 * @param retryAfter the {@code Retry-After} header value sent with a status fault (seconds, possibly fractional, or an
 *                   HTTP date), or null for none
 * @param duration   how long a {@link Kind#HANG} waits before answering normally, null otherwise
 */
public record Fault(Kind kind, Operation appliesTo, int status, String retryAfter, Duration duration) {

    /** What goes wrong. */
    public enum Kind {
        /** The status with a Graph JSON error body. */
        STATUS_GRAPH_ERROR,
        /** The status with an HTML page, as a gateway in front of Graph answers. */
        STATUS_HTML,
        /** The status with no body at all. */
        STATUS_EMPTY,
        /** The connection is closed without any response; the request changes no state. */
        CONNECTION_RESET,
        /** The stream stops in the middle of an event and the connection breaks (stream requests only). */
        TRUNCATED_STREAM,
        /** The final stream event's JSON spills over several lines without {@code data:} prefixes (stream only). */
        MALFORMED_FINAL_EVENT,
        /** The response is delayed by {@link Fault#duration()}, then given normally. */
        HANG;

        /** True for the kinds that answer with an HTTP status. */
        public boolean isStatus() {
            return this == STATUS_GRAPH_ERROR || this == STATUS_HTML || this == STATUS_EMPTY;
        }

        /** True for the kinds that only make sense on {@code chatOverStream}. */
        public boolean streamOnly() {
            return this == TRUNCATED_STREAM || this == MALFORMED_FINAL_EVENT;
        }
    }

    /** The API operations a fault can be restricted to; {@link #ANY} matches all three. */
    public enum Operation {
        ANY,
        CREATE,
        CHAT,
        STREAM
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        appliesTo = appliesTo == null ? Operation.ANY : appliesTo;
        if (kind.streamOnly()) {
            // A stream fault cannot hit a create or chat call, so ANY means STREAM for it.
            if (appliesTo == Operation.ANY) {
                appliesTo = Operation.STREAM;
            } else if (appliesTo != Operation.STREAM) {
                throw new IllegalArgumentException(kind + " applies to stream requests only, not " + appliesTo);
            }
        }
        if (kind.isStatus() && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        if (kind == Kind.HANG && (duration == null || duration.isNegative())) {
            throw new IllegalArgumentException("A hang needs a non-negative duration");
        }
    }

    /** The status with a Graph JSON error body whose code fits the status. */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS_GRAPH_ERROR, Operation.ANY, status, null, null);
    }

    /** 429 Too Many Requests with a {@code Retry-After} header, e.g. {@code "0.25"} or an HTTP date. */
    public static Fault throttled(String retryAfter) {
        return new Fault(Kind.STATUS_GRAPH_ERROR, Operation.ANY, 429, retryAfter, null);
    }

    /** 503 Service Unavailable with a {@code Retry-After} header (null for none). */
    public static Fault unavailable(String retryAfter) {
        return new Fault(Kind.STATUS_GRAPH_ERROR, Operation.ANY, 503, retryAfter, null);
    }

    /** The status with an HTML gateway page ({@code Content-Type: text/html}) instead of a Graph error. */
    public static Fault html(int status) {
        return new Fault(Kind.STATUS_HTML, Operation.ANY, status, null, null);
    }

    /** The status with an empty body. */
    public static Fault empty(int status) {
        return new Fault(Kind.STATUS_EMPTY, Operation.ANY, status, null, null);
    }

    /** The connection is closed before any response byte; the request creates no conversation and adds no turn. */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, Operation.ANY, 0, null, null);
    }

    /** A stream that breaks off in the middle of an event, so the client sees an error rather than a clean end. */
    public static Fault truncatedStream() {
        return new Fault(Kind.TRUNCATED_STREAM, Operation.STREAM, 0, null, null);
    }

    /** A stream whose final event spills an adaptive card over several lines without {@code data:} prefixes. */
    public static Fault malformedFinalEvent() {
        return new Fault(Kind.MALFORMED_FINAL_EVENT, Operation.STREAM, 0, null, null);
    }

    /** Waits {@code duration} (cut short when the simulator closes), then answers normally. */
    public static Fault hang(Duration duration) {
        return new Fault(Kind.HANG, Operation.ANY, 0, null, duration);
    }

    /** This fault restricted to requests of one operation. */
    public Fault on(Operation operation) {
        return new Fault(kind, operation, status, retryAfter, duration);
    }

    /** This fault with a {@code Retry-After} header (meaningful for the {@code STATUS_*} kinds). */
    public Fault withRetryAfter(String value) {
        return new Fault(kind, appliesTo, status, value, duration);
    }

    /** True when this fault may hit a request of the given operation (CREATE, CHAT or STREAM). */
    public boolean matches(Operation requestOperation) {
        return appliesTo == Operation.ANY || appliesTo == requestOperation;
    }
}
