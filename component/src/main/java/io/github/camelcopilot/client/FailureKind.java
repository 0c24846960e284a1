package io.github.camelcopilot.client;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.camel.util.ObjectHelper;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http2.H2Error;
import org.apache.hc.core5.http2.H2StreamResetException;

/**
 * What a failure tells about the service's state: {@link CopilotException#getFailureKind()} for routes, and the one
 * place where failed attempts are classified for retrying (the decision itself is {@link RetryPolicy#allows}).
 * <p>
 * The transport reports whether any of the request was handed to a connection: until then the service cannot have
 * seen it. After that, HTTP/2 still proves a request unprocessed when the server refuses its stream (REFUSED_STREAM)
 * or names a lower last stream in its GOAWAY; any other I/O failure may have come after the service read it.
 */
public enum FailureKind {

    /**
     * The request never reached the service: connection refused, connect timeout, the HTTP client refused it, the
     * conversation store failed, or a keyed message waited too long behind its key's running turn.
     */
    NOT_SENT(false),
    /** No usable access token (the token provider failed, or answered nothing usable in time); nothing was sent. */
    NO_TOKEN(false),
    /** The message or the configuration is not a valid request; refused before anything was sent. */
    INVALID_INPUT(false),
    /**
     * The HTTP proxy refused the call (407, or a refused CONNECT tunnel), so the service never saw it. Not retried:
     * repeated failed sign-ins can lock a directory account. A proxy that could not reach the service (5xx to
     * CONNECT) is {@link #NOT_SENT}.
     */
    PROXY_REFUSED(false),
    /** The service turned the request away unprocessed and said so: 429, 503. */
    TURNED_AWAY(false),
    /** Sent, outcome unknown: 504, the connection lost after sending, no response in time, a stream that broke off. */
    OUTCOME_UNKNOWN(true),
    /** The service failed (a 5xx but 503 and 504): it may have recorded the turn first. Not retried. */
    SERVER_FAILED(true),
    /** The service answered, so it acted, but the answer cannot be used (too large, not a reply, no reply). */
    ANSWERED_UNUSABLE(true),
    /** The component or the call's route stopped the call; {@code isPossiblyProcessed()} says whether it was sent. */
    STOPPED(false),
    /** Retrying would not help: any other status (the service refused the request), a TLS handshake refused. */
    FINAL(false);

    private final boolean possiblyProcessed;

    FailureKind(boolean possiblyProcessed) {
        this.possiblyProcessed = possiblyProcessed;
    }

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
        if (ObjectHelper.getException(SSLHandshakeException.class, error) != null) {
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
}
