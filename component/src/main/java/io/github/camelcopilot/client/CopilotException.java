package io.github.camelcopilot.client;

import java.time.Duration;
import java.util.function.Function;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * A failed Copilot call, with what support asks for (request-id, client-request-id) and what a route decides on as
 * fields, not prose. Built only through {@link #builder}, which renders the ids into the message the same way every
 * time. Messages never contain tokens, secrets or prompt text.
 */
public class CopilotException extends CamelExchangeException {

    private final FailureKind failureKind;
    private final int statusCode;
    private final String errorCode;
    private final String requestId;
    private final String clientRequestId;
    private final Duration retryAfter;
    private final int attempts;
    private final boolean possiblyProcessed;

    protected CopilotException(Builder built) {
        super(built.render(), built.exchange, built.cause);
        this.failureKind = built.kind;
        this.statusCode = built.status;
        this.errorCode = built.errorCode;
        this.requestId = built.requestId;
        this.clientRequestId = built.clientRequestId;
        this.retryAfter = built.retryAfter;
        this.attempts = built.attempts;
        this.possiblyProcessed = built.possiblyProcessed != null ? built.possiblyProcessed
                : built.kind.possiblyProcessed();
    }

    /** @param message what failed; the ids, attempts and retry wait are appended */
    public static Builder builder(String message, Exchange exchange) {
        return new Builder(message, exchange);
    }

    /** What kind of failure this is; never null. */
    public FailureKind getFailureKind() {
        return failureKind;
    }

    /** The HTTP status, or 0 when the call failed before a response (connection, timeout, invalid input). */
    public int getStatusCode() {
        return statusCode;
    }

    /** Graph's {@code error.code}, or null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The service's {@code request-id}, or null. */
    public String getRequestId() {
        return requestId;
    }

    /** The {@code client-request-id} this connector sent with the failed request, or null. */
    public String getClientRequestId() {
        return clientRequestId;
    }

    /** The wait the service asked for with {@code Retry-After} (429, 503), or null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    /** The attempts the call made, the failed one included; 0 when the failure did not come from a call. */
    public int getAttempts() {
        return attempts;
    }

    /**
     * True when the request reached the service and the call failed without learning what the service did with it,
     * so sending it again may send the turn twice: the route decides. The component retries such failures on its
     * own only for createConversation, or when {@code retryPossiblyProcessed=true}.
     */
    public boolean isPossiblyProcessed() {
        return possiblyProcessed;
    }

    /** The one way a {@link CopilotException} (or a subclass) is made. */
    public static final class Builder {

        private final String message;
        private final Exchange exchange;
        private Throwable cause;
        private FailureKind kind = FailureKind.FINAL;
        private int status;
        private String errorCode;
        private String requestId;
        private String clientRequestId;
        private int attempts;
        private Duration retryAfter;
        private Boolean possiblyProcessed;
        private String remedy = "";

        private Builder(String message, Exchange exchange) {
            this.message = message;
            this.exchange = exchange;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** FINAL unless set; also decides {@link #isPossiblyProcessed()} unless that is set. */
        public Builder kind(FailureKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        public Builder ids(String requestId, String clientRequestId) {
            this.requestId = requestId;
            return clientRequestId(clientRequestId);
        }

        public Builder clientRequestId(String clientRequestId) {
            this.clientRequestId = clientRequestId;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder possiblyProcessed(boolean possiblyProcessed) {
            this.possiblyProcessed = possiblyProcessed;
            return this;
        }

        /** What the reader can do, after the ids, with its own leading punctuation ({@code ". "}); adds up. */
        public Builder remedy(String remedy) {
            this.remedy += remedy;
            return this;
        }

        public CopilotException build() {
            return new CopilotException(this);
        }

        /** Builds a subclass: {@code builder.build(CopilotThrottledException::new)}. */
        public <T extends CopilotException> T build(Function<Builder, T> type) {
            return type.apply(this);
        }

        /** {@code message [request-id=..., client-request-id=..., attempts=..., retry-after=... ms]remedy}. */
        private String render() {
            StringBuilder ids = new StringBuilder();
            append(ids, "request-id=", requestId);
            append(ids, "client-request-id=", clientRequestId);
            append(ids, "attempts=", attempts > 1 ? attempts : null);
            append(ids, "retry-after=", retryAfter == null ? null : retryAfter.toMillis() + " ms");
            return message + (ids.length() == 0 ? "" : " [" + ids + "]") + remedy;
        }

        private static void append(StringBuilder ids, String name, Object value) {
            if (value != null) {
                ids.append(ids.length() == 0 ? "" : ", ").append(name).append(value);
            }
        }
    }
}
