package io.github.camelcopilot.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.SseBodySubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Copilot Chat API over the JDK's non-blocking {@link HttpClient}: no thread waits for a response, retries are
 * scheduled, not slept. One instance per component configuration, so connections are reused.
 * <p>
 * Retry rule: 429, 503 and 504 and connection failures (refused, reset, closed before any response) are retried.
 * A response timeout is not: the service may still be working on the request, and create and chat are not
 * idempotent, so a retry could start a second conversation or add a second turn. Neither is anything after a
 * stream has begun. A 401 is retried once, with a freshly acquired token, after telling the token source that the
 * service refused the old one (revoked, or expired early); a second 401, or the same token again, fails the call.
 */
public final class CopilotHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotHttpClient.class);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes();
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";

    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper mapper;
    private final GraphErrors errors;
    private final Clock clock;

    public CopilotHttpClient(HttpClient http, ScheduledExecutorService scheduler, ObjectMapper mapper) {
        this.http = http;
        this.scheduler = scheduler;
        this.mapper = mapper;
        this.errors = new GraphErrors(mapper);
        this.clock = Clock.systemUTC();
    }

    /** {@code POST /conversations} with {@code {}}: a new, empty conversation. */
    public CompletableFuture<CopilotResponse<CopilotConversation>> createConversation(CopilotCall call) {
        return send(call, URI.create(call.conversationsUrl()), EMPTY_OBJECT, JSON,
                info -> limitedBytes(call))
                .thenApply(response -> mapped(call, response));
    }

    /** {@code POST /conversations/{id}/chat}: the reply, once complete. */
    public CompletableFuture<CopilotResponse<CopilotConversation>> chat(
            CopilotCall call, String conversationId, CopilotChatRequest request) {
        return send(call, actionUri(call, conversationId, "chat"), json(request), JSON,
                info -> limitedBytes(call))
                .thenApply(response -> mapped(call, response));
    }

    /**
     * {@code POST /conversations/{id}/chatOverStream}. Completes when the stream's headers arrive; the events then
     * flow into the subscriber the factory made for the successful attempt.
     */
    public CompletableFuture<CopilotResponse<SseBodySubscriber>> chatOverStream(
            CopilotCall call, String conversationId, CopilotChatRequest request,
            Function<HttpResponse.ResponseInfo, SseBodySubscriber> subscriberFactory) {
        return send(call, actionUri(call, conversationId, "chatOverStream"), json(request), EVENT_STREAM,
                info -> isEventStream(info)
                        ? HttpResponse.BodySubscribers.mapping(subscriberFactory.apply(info), Object.class::cast)
                        : limitedBytes(call))
                .thenApply(response -> {
                    if (!(response.body() instanceof SseBodySubscriber events)) {
                        throw new CompletionException(new CopilotException(call.action()
                                + " failed: expected a text/event-stream response but got "
                                + response.contentType() + " (" + ((byte[]) response.body()).length + " bytes)"
                                + response.ids(), call.exchange(), null, 200, null, response.requestId,
                                response.clientRequestId, null));
                    }
                    return new CopilotResponse<>(events, response.requestId, response.clientRequestId,
                            response.attempts);
                });
    }

    private static HttpResponse.BodySubscriber<Object> limitedBytes(CopilotCall call) {
        return HttpResponse.BodySubscribers.mapping(new LimitedBodySubscriber(call.maxResponseSize()), Object.class::cast);
    }

    private static boolean isEventStream(HttpResponse.ResponseInfo info) {
        return info.statusCode() == 200 && info.headers().firstValue("Content-Type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith(EVENT_STREAM)).orElse(false);
    }

    private static URI actionUri(CopilotCall call, String conversationId, String action) {
        return URI.create(call.conversationsUrl() + "/" + conversationId + "/" + action);
    }

    private byte[] json(CopilotChatRequest request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the chat request as JSON", e);
        }
    }

    private CopilotResponse<CopilotConversation> mapped(CopilotCall call, Outcome outcome) {
        byte[] body = (byte[]) outcome.body();
        try {
            CopilotConversation conversation = mapper.readValue(body, CopilotConversation.class);
            return new CopilotResponse<>(conversation, outcome.requestId, outcome.clientRequestId, outcome.attempts);
        } catch (IOException | RuntimeException e) {
            throw new CompletionException(new CopilotException(call.action() + " failed: the response ("
                    + outcome.contentType() + ", " + body.length + " bytes) is not a copilotConversation: "
                    + e.getClass().getSimpleName() + outcome.ids(), call.exchange(), null, outcome.status,
                    null, outcome.requestId, outcome.clientRequestId, null));
        }
    }

    /** A successful response with the ids support asks for. */
    private record Outcome(int status, HttpHeaders headers, Object body, String requestId, String clientRequestId,
                           int attempts) {
        String contentType() {
            return headers.firstValue("Content-Type").orElse("no content type");
        }

        String ids() {
            return " [request-id=" + requestId + ", client-request-id=" + clientRequestId + "]";
        }
    }

    private CompletableFuture<Outcome> send(CopilotCall call, URI uri, byte[] body, String accept,
                                            HttpResponse.BodyHandler<Object> handler) {
        PendingCall pending = new PendingCall(call, uri, body, accept, handler);
        pending.attempt(1);
        return pending.result;
    }

    /** One call across its attempts: what stays the same between retries, and where the outcome goes. */
    private final class PendingCall {

        private final CopilotCall call;
        private final URI uri;
        private final byte[] body;
        private final String accept;
        private final HttpResponse.BodyHandler<Object> handler;
        private final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private volatile CompletableFuture<HttpResponse<Object>> inFlight;
        /** The token the service refused with 401 and the failure it caused, once that happened. */
        private volatile String refusedToken;
        private volatile Throwable unauthorized;

        PendingCall(CopilotCall call, URI uri, byte[] body, String accept, HttpResponse.BodyHandler<Object> handler) {
            this.call = call;
            this.uri = uri;
            this.body = body;
            this.accept = accept;
            this.handler = handler;
            // Cancelling the call (the exchange gave up) aborts the HTTP exchange under way too.
            result.whenComplete((ignored, error) -> {
                CompletableFuture<HttpResponse<Object>> sent = inFlight;
                if (error instanceof CancellationException && sent != null) {
                    sent.cancel(true);
                }
            });
        }

        void attempt(int attempt) {
            if (result.isDone()) {
                return; // cancelled by the caller while waiting to retry
            }
            call.tokens().acquire().whenComplete((token, tokenError) -> {
                if (tokenError != null) {
                    Throwable cause = unwrap(tokenError);
                    result.completeExceptionally(cause instanceof CopilotException ? cause
                            : new CopilotAuthenticationException(call.action()
                                    + " failed: no access token could be acquired (" + cause.getClass().getSimpleName()
                                    + ": " + cause.getMessage() + ")", call.exchange(), cause));
                    return;
                }
                if (token.equals(refusedToken)) {
                    // Nothing fresher to offer (a token from the message, or a provider that cannot renew it).
                    result.completeExceptionally(unauthorized);
                    return;
                }
                String clientRequestId = UUID.randomUUID().toString();
                HttpRequest request = HttpRequest.newBuilder(uri)
                        // HTTP/2 over TLS (negotiated, with fallback); plain http stays HTTP/1.1 rather than
                        // sending h2c upgrade headers that local test servers handle unevenly
                        .version("http".equalsIgnoreCase(uri.getScheme())
                                ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                        .timeout(call.responseTimeout())
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", JSON)
                        .header("Accept", accept)
                        .header("client-request-id", clientRequestId)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                long started = System.nanoTime();
                CompletableFuture<HttpResponse<Object>> sent = http.sendAsync(request, handler);
                inFlight = sent;
                // The JDK's request timeout stops once the headers are in: a server that sends headers and then
                // stalls the body would hold a create or chat for ever. This deadline covers the whole response
                // (for a stream, until its headers: the stream's idle timer takes over from there).
                AtomicBoolean deadlinePassed = new AtomicBoolean();
                ScheduledFuture<?> deadline = scheduler.schedule(() -> {
                    deadlinePassed.set(true);
                    sent.cancel(true); // aborts the exchange and closes its connection
                }, call.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                sent.whenComplete((response, error) -> {
                    deadline.cancel(false);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    if (error != null && deadlinePassed.get() && !result.isDone()) {
                        onFailure(attempt, new HttpTimeoutException("no complete response in time"),
                                clientRequestId, millis);
                    } else if (error != null) {
                        onFailure(attempt, unwrap(error), clientRequestId, millis);
                    } else {
                        onResponse(attempt, response, token, clientRequestId, millis);
                    }
                });
            });
        }

        private void onFailure(int attempt, Throwable error, String clientRequestId, long millis) {
            boolean timedOut = error instanceof HttpTimeoutException && !(error instanceof HttpConnectTimeoutException);
            boolean retryable = !timedOut && isConnectionFailure(error);
            LOG.debug("POST {} failed after {} ms on attempt {} ({}; client-request-id={})", uri.getPath(), millis,
                    attempt, error.getClass().getSimpleName(), clientRequestId);
            if (retryable && attempt <= call.retry().maxRetries()) {
                retryLater(attempt, call.retry().backoff(attempt),
                        "connection failure " + error.getClass().getSimpleName());
                return;
            }
            String what;
            if (timedOut) {
                what = "no response within " + call.responseTimeout().toMillis() + " ms (" + call.timeoutOption()
                       + "); not retried because the service may still be processing the request";
            } else if (error instanceof ResponseTooLargeException) {
                what = error.getMessage();
            } else if (error instanceof SSLException) {
                // Not a flaky connection: the same certificate would be refused again, so say what to fix.
                what = "TLS handshake refused, not retried (" + error.getClass().getSimpleName() + ": "
                       + error.getMessage() + "). Certificate and host name checks are always on: the server's"
                       + " certificate must be issued for the host of baseUrl by a CA the JVM trusts (add a"
                       + " private CA to the truststore, javax.net.ssl.trustStore)";
            } else {
                what = "connection failure (" + error.getClass().getSimpleName() + ": " + error.getMessage() + ")";
            }
            result.completeExceptionally(new CopilotException(call.action() + " failed: " + what
                    + " [client-request-id=" + clientRequestId + (attempt > 1 ? ", attempts=" + attempt : "") + "]",
                    call.exchange(), error, 0, null, null, clientRequestId, null));
        }

        private void onResponse(int attempt, HttpResponse<Object> response, String token, String clientRequestId,
                                long millis) {
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            String requestId = headers.firstValue("request-id").orElse(null);
            LOG.debug("POST {} -> {} in {} ms on attempt {} (request-id={}, client-request-id={})", uri.getPath(),
                    status, millis, attempt, requestId, clientRequestId);
            if (status >= 200 && status < 300) {
                result.complete(new Outcome(status, headers, response.body(), requestId, clientRequestId, attempt));
                return;
            }
            Duration retryAfter = RetryAfter.parse(headers.firstValue("Retry-After").orElse(null), clock);
            if ((status == 429 || status == 503 || status == 504) && attempt <= call.retry().maxRetries()) {
                Duration wait = retryAfter != null ? retryAfter : call.retry().backoff(attempt);
                if (wait.compareTo(call.retry().maxDelay()) <= 0) {
                    retryLater(attempt, wait, "HTTP " + status);
                    return;
                }
                LOG.debug("Retry-After {} ms exceeds maxRetryDelay; failing instead of waiting", wait.toMillis());
            }
            byte[] errorBody = response.body() instanceof byte[] bytes ? bytes : new byte[0];
            CopilotException failure = errors.toException(call.action(), status,
                    headers.firstValue("Content-Type").orElse(null), errorBody, requestId, clientRequestId, retryAfter,
                    attempt, call.exchange());
            if (status == 401 && refusedToken == null) {
                LOG.debug("POST {} -> 401: renewing the access token and trying once more", uri.getPath());
                refusedToken = token;
                unauthorized = failure;
                call.tokens().refused(token);
                attempt(attempt + 1);
                return;
            }
            result.completeExceptionally(failure);
        }

        private void retryLater(int attempt, Duration wait, String reason) {
            LOG.debug("Retrying POST {} in {} ms after {} (retry {} of {})", uri.getPath(), wait.toMillis(), reason,
                    attempt, call.retry().maxRetries());
            scheduler.schedule(() -> attempt(attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Failures where no response arrived and the connection, not the service, is at fault. */
    private static boolean isConnectionFailure(Throwable error) {
        return error instanceof ConnectException || error instanceof HttpConnectTimeoutException
               || error instanceof IOException && !(error instanceof SSLException)
                  && !(error instanceof ResponseTooLargeException);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
               && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
