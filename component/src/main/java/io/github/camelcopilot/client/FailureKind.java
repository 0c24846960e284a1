package io.github.camelcopilot.client;

import java.util.Locale;

/**
 * What a failure tells about the service's state, as {@link CopilotException#getFailureKind()} gives it to routes;
 * the component's retry rule decides by it too. A request none of which reached a connection cannot have been seen;
 * after that, only HTTP/2 proves it unprocessed (REFUSED_STREAM, or a GOAWAY naming a lower stream).
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

    /** Whether a failure of this kind may have been processed by the service. */
    public boolean possiblyProcessed() {
        return possiblyProcessed;
    }

    /** The kind as meters and spans name it: {@code not_sent}, {@code outcome_unknown}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
