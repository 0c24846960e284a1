package io.github.camelcopilot.internal.client;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.github.camelcopilot.client.FailureKind;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http2.H2Error;
import org.apache.hc.core5.http2.H2StreamResetException;

/**
 * Classifies failed attempts for retrying ({@link RetryPolicy#allows} decides). Until any of the request reached a
 * connection the service cannot have seen it; after that, only HTTP/2 proves it unprocessed (a REFUSED_STREAM, or a
 * GOAWAY naming a lower stream).
 */
final class FailureKinds {

    private FailureKinds() {
    }

    /** An unsuccessful HTTP status (401 is handled apart: it is retried once with a fresh token). */
    static FailureKind ofStatus(int status) {
        return switch (status) {
            case 429, 503 -> FailureKind.TURNED_AWAY;
            case 504 -> FailureKind.OUTCOME_UNKNOWN;
            default -> status >= 500 ? FailureKind.SERVER_FAILED : FailureKind.FINAL;
        };
    }

    /** A failure without a response; {@code started} tells whether any of the request left the client. */
    static FailureKind ofError(Throwable error, boolean started) {
        if (ObjectHelper.getException(SSLHandshakeException.class, error) != null) {
            return FailureKind.FINAL; // the same certificate would be refused again
        }
        if (error instanceof UnusableResponseException) {
            return FailureKind.ANSWERED_UNUSABLE;
        }
        if (error instanceof ProxyRefusedException refused) {
            return refused.mayPassLater() ? FailureKind.NOT_SENT : FailureKind.PROXY_REFUSED;
        }
        if (!started || error instanceof ConnectException || error instanceof RequestNotExecutedException
            || error instanceof H2StreamResetException reset && reset.getCode() == H2Error.REFUSED_STREAM.getCode()) {
            return FailureKind.NOT_SENT;
        }
        if (error instanceof SSLException || error instanceof IOException || error instanceof CancellationException) {
            return FailureKind.OUTCOME_UNKNOWN;
        }
        return FailureKind.FINAL;
    }
}
