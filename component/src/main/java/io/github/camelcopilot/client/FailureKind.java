package io.github.camelcopilot.client;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http2.H2Error;
import org.apache.hc.core5.http2.H2StreamResetException;

/**
 * What a failed attempt tells about the service's state, which decides whether it may be sent again: the one place
 * where failures are classified for retrying (the decision itself is {@link RetryPolicy#allows}).
 * <p>
 * The transport reports whether any of the request was handed to a connection ({@code started}): until then the
 * service cannot have seen it, whatever failed (no connection, no stream free within the deadline, a connection
 * closed or a GOAWAY before the request's turn). After that, HTTP/2 still proves a request unprocessed when the
 * server refuses its stream (REFUSED_STREAM) or names a lower last stream in its GOAWAY. Any other I/O failure after
 * the start may have come after the service read the request.
 */
enum FailureKind {

    /** The request never reached the service: connection refused, connect timeout. */
    NOT_SENT(false),
    /**
     * The HTTP proxy refused the call (407, or a refused CONNECT tunnel), so the service never saw it. Not retried:
     * the same credentials or policy would be refused again, and repeated failed sign-ins can lock a directory
     * account. A proxy that could not reach the service (5xx to CONNECT) is {@link #NOT_SENT} instead.
     */
    PROXY_REFUSED(false),
    /** The service turned the request away unprocessed and said so: 429, 503. */
    TURNED_AWAY(false),
    /** Sent, outcome unknown: 504, the connection lost after sending, no response in time. */
    OUTCOME_UNKNOWN(true),
    /**
     * The service failed (500, 502 or another 5xx but 503 and 504): it says nothing of whether the turn was recorded
     * before the failure, so it may have been. Not retried: a failing service is not helped by the same call again.
     */
    SERVER_FAILED(true),
    /** The service answered, so it acted, but the answer cannot be used (too large); sending again would not help. */
    ANSWERED_UNUSABLE(true),
    /** Retrying would not help: any other status (the service refused the request), a TLS handshake refused. */
    FINAL(false);

    private final boolean possiblyProcessed;

    FailureKind(boolean possiblyProcessed) {
        this.possiblyProcessed = possiblyProcessed;
    }

    /** Whether the service may have processed the request (see {@link CopilotException#isPossiblyProcessed()}). */
    boolean possiblyProcessed() {
        return possiblyProcessed;
    }

    /** The kind as meters and spans name it: {@code not_sent}, {@code outcome_unknown}, ... */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An unsuccessful HTTP status (401 is handled apart: it is retried once with a fresh token). */
    static FailureKind of(int status) {
        return switch (status) {
            case 429, 503 -> TURNED_AWAY;
            case 504 -> OUTCOME_UNKNOWN;
            default -> status >= 500 ? SERVER_FAILED : FINAL;
        };
    }

    /** A failure without a response; {@code started} tells whether any of the request left the client. */
    static FailureKind of(Throwable error, boolean started) {
        if (error instanceof SSLHandshakeException || cause(error, SSLHandshakeException.class)) {
            return FINAL; // the same certificate would be refused again
        }
        if (error instanceof UnusableResponseException) {
            return ANSWERED_UNUSABLE;
        }
        if (error instanceof ProxyRefusedException refused) {
            return refused.mayPassLater() ? NOT_SENT : PROXY_REFUSED;
        }
        if (!started || error instanceof ConnectException || error instanceof RequestNotExecutedException
            || error instanceof H2StreamResetException reset && reset.getCode() == H2Error.REFUSED_STREAM.getCode()) {
            return NOT_SENT;
        }
        if (error instanceof SSLException || error instanceof IOException || error instanceof CancellationException) {
            return OUTCOME_UNKNOWN;
        }
        return FINAL;
    }

    private static boolean cause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error.getCause(); cause != null && cause != error; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
