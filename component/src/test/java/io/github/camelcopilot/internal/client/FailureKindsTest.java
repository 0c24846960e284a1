package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.FailureKind;

import io.github.camelcopilot.internal.client.ProxyRefusedException;
import io.github.camelcopilot.internal.client.ProxyRoutes;
import io.github.camelcopilot.internal.client.ResponseTooLargeException;
import io.github.camelcopilot.internal.client.RetryPolicy;
import io.github.camelcopilot.internal.client.UnusableResponseException;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import java.util.concurrent.CancellationException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http2.H2Error;
import org.apache.hc.core5.http2.H2StreamResetException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry rule in one table: which failures the service cannot have processed, and which calls may repeat the
 * others. Failures that are hard to cause on loopback (a connect timeout) are checked here; the rest over sockets in
 * RetryRuleTest and HostileServerTest.
 */
class FailureKindsTest {

    private static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMillis(10), false);
    private static final RetryPolicy OPTED_IN = new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMillis(10), true);

    @Test
    void whatNeverLeftTheClientIsNotSentWhateverFailed() {
        assertThat(FailureKinds.ofError(new IOException("Connection reset"), false)).isEqualTo(FailureKind.NOT_SENT);
        assertThat(FailureKinds.ofError(new CancellationException("no stream in time"), false)).isEqualTo(FailureKind.NOT_SENT);
        assertThat(FailureKinds.ofError(new ConnectException("Connection refused"), false)).isEqualTo(FailureKind.NOT_SENT);
        // HTTP/2 proves a started request unprocessed: a refused stream, a stream above the GOAWAY's last one
        assertThat(FailureKinds.ofError(new H2StreamResetException(H2Error.REFUSED_STREAM, "refused"), true))
                .isEqualTo(FailureKind.NOT_SENT);
        assertThat(FailureKinds.ofError(new RequestNotExecutedException(), true)).isEqualTo(FailureKind.NOT_SENT);
    }

    @Test
    void afterTheRequestStartedLeavingAnI0FailureLeavesTheOutcomeUnknown() {
        assertThat(FailureKinds.ofError(new IOException("Connection reset"), true)).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(FailureKinds.ofError(new EOFException("EOF reached while reading"), true))
                .isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(FailureKinds.ofError(new H2StreamResetException(H2Error.CANCEL, "cancelled"), true))
                .isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(FailureKinds.ofError(new SSLException("bad record MAC"), true)).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(FailureKinds.ofError(new CancellationException("cancelled"), true)).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
    }

    @Test
    void aRefusedCertificateAndAnUnusableAnswerAreFinal() {
        assertThat(FailureKinds.ofError(new SSLHandshakeException("PKIX path building failed"), false))
                .isEqualTo(FailureKind.FINAL);
        assertThat(FailureKinds.ofError(new IOException(new SSLHandshakeException("PKIX")), false))
                .isEqualTo(FailureKind.FINAL);
        assertThat(FailureKinds.ofError(new ResponseTooLargeException(10), true)).isEqualTo(FailureKind.ANSWERED_UNUSABLE);
        assertThat(FailureKinds.ofError(new UnusableResponseException("neither events nor JSON"), true))
                .isEqualTo(FailureKind.ANSWERED_UNUSABLE);
        assertThat(FailureKinds.ofError(new IllegalStateException("shut down"), true)).isEqualTo(FailureKind.FINAL);
    }

    /** A proxy's refusal is never possibly processed; only a proxy that could not reach the service may pass later. */
    @Test
    void aProxysRefusalIsUnsentAndNotRetriedUnlessTheProxyCouldNotReachTheService() {
        ProxyRoutes.Server proxy = new ProxyRoutes.Server("proxy.corp", 3128, "corp", "s3cret-pw", "the proxyHost option",
                "the proxyUser and proxyPassword options");
        for (int status : new int[] {401, 403, 407}) {
            ProxyRefusedException refused = ProxyRefusedException.of(proxy, "graph.microsoft.com:443", status, null,
                    true);
            FailureKind kind = FailureKinds.ofError(refused, true);
            assertThat(kind).as("HTTP %d", status).isEqualTo(FailureKind.PROXY_REFUSED);
            assertThat(kind.possiblyProcessed()).isFalse();
            assertThat(OPTED_IN.allows(kind, true, 1)).as("HTTP %d retried", status).isFalse();
        }
        ProxyRefusedException unreachable = ProxyRefusedException.of(proxy, "graph.microsoft.com:443", 502,
                "Bad Gateway", true);
        assertThat(FailureKinds.ofError(unreachable, false)).isEqualTo(FailureKind.NOT_SENT);
        assertThat(unreachable.getMessage()).contains("the proxy proxy.corp:3128 (from the proxyHost option) refused"
                + " the CONNECT tunnel to graph.microsoft.com:443 (HTTP 502 Bad Gateway)", "nothing was sent")
                .doesNotContain("s3cret-pw");
        assertThat(ProxyRefusedException.of(null, "example.com:80", 407, null, false).getMessage())
                .contains("asked for credentials", "none is configured: set proxyHost");
    }

    @Test
    void statusesTheServiceTurnsAwayAreApartFromAGatewayTimeout() {
        assertThat(FailureKinds.ofStatus(429)).isEqualTo(FailureKind.TURNED_AWAY);
        assertThat(FailureKinds.ofStatus(503)).isEqualTo(FailureKind.TURNED_AWAY);
        assertThat(FailureKinds.ofStatus(504)).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        for (int status : new int[] {400, 401, 403, 404, 409}) {
            assertThat(FailureKinds.ofStatus(status)).as("HTTP %d", status).isEqualTo(FailureKind.FINAL);
        }
        for (int status : new int[] {500, 502, 505}) {
            assertThat(FailureKinds.ofStatus(status)).as("HTTP %d", status).isEqualTo(FailureKind.SERVER_FAILED);
        }
    }

    @Test
    void whatMayHaveBeenProcessedIsRetriedOnlyForRepeatableCallsOrWhenOptedIn() {
        for (FailureKind always : new FailureKind[] {FailureKind.NOT_SENT, FailureKind.TURNED_AWAY}) {
            assertThat(DEFAULT.allows(always, false, 1)).as(always.name()).isTrue();
        }
        assertThat(DEFAULT.allows(FailureKind.OUTCOME_UNKNOWN, false, 1)).as("a chat turn").isFalse();
        assertThat(DEFAULT.allows(FailureKind.OUTCOME_UNKNOWN, true, 1)).as("a create").isTrue();
        assertThat(OPTED_IN.allows(FailureKind.OUTCOME_UNKNOWN, false, 1)).as("retryPossiblyProcessed").isTrue();
        for (FailureKind never : new FailureKind[] {FailureKind.SERVER_FAILED, FailureKind.ANSWERED_UNUSABLE,
                FailureKind.FINAL}) {
            assertThat(OPTED_IN.allows(never, true, 1)).as(never.name()).isFalse();
        }
        assertThat(DEFAULT.allows(FailureKind.TURNED_AWAY, false, 3)).isTrue();
        assertThat(DEFAULT.allows(FailureKind.TURNED_AWAY, false, 4)).as("after maxRetries").isFalse();
    }

    @Test
    void possiblyProcessedIsTrueForTheKindsWhereTheServiceMayHaveActed() {
        assertThat(FailureKind.OUTCOME_UNKNOWN.possiblyProcessed()).isTrue();
        assertThat(FailureKind.ANSWERED_UNUSABLE.possiblyProcessed()).isTrue();
        assertThat(FailureKind.SERVER_FAILED.possiblyProcessed()).isTrue();
        assertThat(FailureKind.NOT_SENT.possiblyProcessed()).isFalse();
        assertThat(FailureKind.TURNED_AWAY.possiblyProcessed()).isFalse();
        assertThat(FailureKind.FINAL.possiblyProcessed()).isFalse();
    }
}
