package io.github.camelcopilot.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What a failed attempt tells about the service's state, which decides whether it may be sent again: the one place
 * where failures are classified for retrying (the decision itself is {@link RetryPolicy#allows}).
 * <p>
 * The JDK's HttpClient does not say whether the request's bytes left: only a {@link ConnectException} or an
 * {@link HttpConnectTimeoutException} proves that they did not. Any other I/O failure may have come after the
 * service read the request, including a pooled connection the server had closed just before it was reused.
 */
enum FailureKind {

    /** The request never reached the service: connection refused, connect timeout. */
    NOT_SENT(false),
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

    /** An unsuccessful HTTP status (401 is handled apart: it is retried once with a fresh token). */
    static FailureKind of(int status) {
        return switch (status) {
            case 429, 503 -> TURNED_AWAY;
            case 504 -> OUTCOME_UNKNOWN;
            default -> status >= 500 ? SERVER_FAILED : FINAL;
        };
    }

    /** A failure without a response. */
    static FailureKind of(Throwable error) {
        if (error instanceof ConnectException || error instanceof HttpConnectTimeoutException) {
            return NOT_SENT;
        }
        if (error instanceof SSLHandshakeException) {
            return FINAL; // the same certificate would be refused again
        }
        if (error instanceof SSLException) {
            return OUTCOME_UNKNOWN; // the handshake passed, so the request may have gone out
        }
        if (error instanceof ResponseTooLargeException) {
            return ANSWERED_UNUSABLE;
        }
        if (error instanceof HttpTimeoutException || error instanceof IOException) {
            return OUTCOME_UNKNOWN;
        }
        return FINAL;
    }
}
