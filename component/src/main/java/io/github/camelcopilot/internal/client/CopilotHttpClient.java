package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.FailureKind;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.net.ssl.SSLHandshakeException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.internal.Failures;
import io.github.camelcopilot.internal.stream.SseBodyReader;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Copilot Chat API over the component's {@link HttpTransport}: no thread waits for a response; retries are
 * scheduled, not slept. A call starts on the caller's thread, its response is read and mapped on an I/O thread, and
 * retries and deadlines run from the component's scheduler. Every call completes, also when no token comes or its
 * group stops. {@link FailureKinds} classifies, {@link RetryPolicy} decides; a 401 is retried once with a fresh token.
 */
public final class CopilotHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotHttpClient.class);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes();
    private static final String JSON = "application/json";
    /** As the API documents it: no charset parameter. */
    private static final ContentType JSON_BODY = ContentType.create(JSON);
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String COMPONENT_STOPPING = "the copilot component is stopping";

    private final HttpTransport transport;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper mapper;
    private final GraphErrors errors;
    private final Clock clock;
    /** The owner's root group: a call without a group of its own joins it; {@link #close()} stops it. */
    private final CopilotCallGroup inFlight;
    /** The last conversations URL, parsed: an endpoint's calls share it, so a call need not parse its URL. */
    private volatile ParsedUrl conversations;

    private record ParsedUrl(String url, HttpTransport.Target target) {
    }

    public CopilotHttpClient(HttpTransport transport, ScheduledExecutorService scheduler, ObjectMapper mapper,
                             CopilotCallGroup inFlight) {
        this.inFlight = inFlight;
        this.transport = transport;
        this.scheduler = scheduler;
        this.mapper = mapper;
        this.errors = new GraphErrors(mapper);
        this.clock = Clock.systemUTC();
    }

    /** {@code POST /conversations} with {@code {}}: a new, empty conversation. */
    public CompletableFuture<CopilotResponse<CopilotConversation>> createConversation(CopilotCall call) {
        // Repeatable: sent twice, an empty conversation is the worst outcome.
        return send(call, conversations(call), EMPTY_OBJECT, null, true)
                .thenApply(response -> mapped(call, response));
    }

    /** {@code POST /conversations/{id}/chat} with the chat body as JSON: the reply, once complete. */
    public CompletableFuture<CopilotResponse<CopilotConversation>> chat(
            CopilotCall call, String conversationId, byte[] request) {
        return send(call, conversations(call).plus("/" + conversationId + "/chat"), request, null, false)
                .thenApply(response -> mapped(call, response));
    }

    /**
     * {@code POST /conversations/{id}/chatOverStream}. Completes when the stream's head and first bytes are in; the
     * events then flow into the reader the factory made for the successful attempt.
     */
    public CompletableFuture<CopilotResponse<SseBodyReader>> chatOverStream(
            CopilotCall call, String conversationId, byte[] request, Supplier<SseBodyReader> readers) {
        return send(call, conversations(call).plus("/" + conversationId + "/chatOverStream"), request, readers,
                false)
                .thenApply(response -> response.with(response.body().events()));
    }

    private HttpTransport.Target conversations(CopilotCall call) {
        String url = call.conversationsUrl();
        ParsedUrl known = conversations;
        if (known == null || !known.url().equals(url)) {
            known = new ParsedUrl(url, HttpTransport.Target.of(URI.create(url)));
            conversations = known;
        }
        return known.target();
    }

    private CopilotResponse<CopilotConversation> mapped(CopilotCall call,
                                                        CopilotResponse<ResponseReader.Received> response) {
        ResponseReader.Received received = response.body();
        try {
            return response.with(mapper.readValue(received.body(), CopilotConversation.class));
        } catch (IOException | RuntimeException e) {
            throw new CompletionException(CopilotException.builder(call.action() + " failed: the response ("
                    + received.contentType() + ", " + received.body().length + " bytes) is not a copilotConversation: "
                    + e.getClass().getSimpleName(), call.exchange()).status(received.status())
                    .ids(response.requestId(), response.clientRequestId()).kind(FailureKind.ANSWERED_UNUSABLE)
                    .build());
        }
    }

    /**
     * @param readers    for a stream call, makes the reader of a successful answer's events; null otherwise
     * @param repeatable whether sending it twice is harmless enough to retry what the service may have processed
     */
    private CompletableFuture<CopilotResponse<ResponseReader.Received>> send(
            CopilotCall call, HttpTransport.Target target, byte[] body, Supplier<SseBodyReader> readers,
            boolean repeatable) {
        PendingCall pendingCall = new PendingCall(call, target, body, readers, repeatable);
        // A stopped owner fails the call unsent.
        CopilotCallGroup owner = call.group() != null ? call.group() : inFlight;
        pendingCall.result.whenComplete((ignored, error) -> owner.leave(pendingCall));
        if (owner.join(pendingCall)) {
            pendingCall.safely(() -> pendingCall.attempt(1));
        }
        return pendingCall.result;
    }

    /**
     * Stops the client with its component: calls under way fail at once, their timers cancelled and exchanges
     * aborted; later calls fail unsent. A stream whose head has arrived is its exchange's to close.
     */
    public void close() {
        inFlight.stop(COMPONENT_STOPPING);
    }

    /** Where an attempt stands, for the message of a stopped call. */
    private enum Phase {
        STARTING, TOKEN, RESPONSE, RETRY_WAIT
    }

    /** One call across its attempts. */
    private final class PendingCall implements CopilotCallGroup.Member {

        private final CopilotCall call;
        private final HttpTransport.Target target;
        private final byte[] body;
        private final Supplier<SseBodyReader> readers;
        private final boolean repeatable;
        private final CompletableFuture<CopilotResponse<ResponseReader.Received>> result = new CompletableFuture<>();
        /** The current attempt's exchange; cancelling it aborts the request (or closes its stream). */
        private volatile Future<ResponseReader.Received> inFlight;
        private volatile Future<?> tokenTimer;
        /** The retry wait, or the deadline of the attempt's response. */
        private volatile Future<?> timer;
        private volatile Phase phase = Phase.STARTING;
        private volatile int attempts;
        private volatile String lastClientRequestId;
        private volatile String retryReason;
        /** An earlier attempt, retried, may have been processed. */
        private volatile boolean earlierPossiblyProcessed;
        /** The token the service refused with 401 and the failure it caused. */
        private volatile String refusedToken;
        private volatile Throwable unauthorized;
        /** How a failure was classified, for the call's listener (null: not by the client). */
        private volatile String failedAs;
        private final AtomicBoolean told = new AtomicBoolean();

        PendingCall(CopilotCall call, HttpTransport.Target target, byte[] body, Supplier<SseBodyReader> readers,
                    boolean repeatable) {
            this.call = call;
            this.target = target;
            this.body = body;
            this.readers = readers;
            this.repeatable = repeatable;
            // However the call ends, nothing stays scheduled and no exchange stays open for it.
            result.whenComplete((response, error) -> {
                cancel(tokenTimer);
                cancel(timer);
                if (error != null) {
                    abortExchange();
                }
                tell(response, error); // for a caller's cancel; the client's own ends told it already
            });
        }

        void attempt(int attempt) {
            if (result.isDone()) {
                return; // cancelled or stopped while waiting to retry
            }
            attempts = attempt;
            phase = Phase.TOKEN;
            long started = System.nanoTime();
            AtomicBoolean tokenSettled = new AtomicBoolean();
            try {
                CompletionStage<String> stage = call.tokens().acquire();
                if (stage == null) {
                    tokenSettled.set(true);
                    fail(noToken("the token provider returned no stage (null); nothing was sent. A"
                            + " CopilotTokenProvider returns a stage that completes with the token or fails", null));
                    return;
                }
                stage.whenComplete((token, error) -> {
                    if (tokenSettled.compareAndSet(false, true)) {
                        safely(() -> onToken(attempt, started, token, error));
                    }
                });
            } catch (RuntimeException e) {
                if (tokenSettled.compareAndSet(false, true)) {
                    fail(noToken("the token provider threw " + e.getClass().getSimpleName() + " (" + e.getMessage()
                            + ") instead of returning a stage; nothing was sent. A CopilotTokenProvider reports"
                            + " failures by failing its stage", e));
                }
            }
            // A provider that never answers fails the call; a cached token, there at once, needs no timer.
            if (!tokenSettled.get()) {
                Future<?> deadline = schedule(() -> {
                    if (tokenSettled.compareAndSet(false, true)) {
                        fail(noToken("no access token within " + call.requestTimeout().toMillis() + " ms ("
                                + call.requestTimeoutOption() + "): the token provider's stage did not complete;"
                                + " nothing was sent. Check the sign-in service or the provider (the wait for a token"
                                + " counts against the timeout)", null));
                    }
                }, call.requestTimeout());
                tokenTimer = deadline;
                if (deadline != null && tokenSettled.get()) {
                    deadline.cancel(false); // the token came meanwhile
                }
            }
        }

        /** No usable token for the attempt: nothing was sent. */
        private CopilotException noToken(String what, Throwable cause) {
            return CopilotException.builder(call.action() + " failed: " + what, call.exchange()).cause(cause)
                    .attempts(attempts).kind(FailureKind.NO_TOKEN).build(CopilotAuthenticationException::new);
        }

        private void onToken(int attempt, long started, String token, Throwable error) {
            if (result.isDone()) {
                return;
            }
            cancel(tokenTimer);
            if (error != null) {
                Throwable cause = Failures.unwrap(error);
                fail(cause instanceof CopilotException ? cause : noToken("no access token could be acquired ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); nothing was sent. Check"
                        + " the token provider and its sign-in settings", cause));
                return;
            }
            String bearer = BearerTokens.normalized(token);
            String problem = BearerTokens.problem(bearer);
            if (problem != null) {
                boolean missing = bearer == null || bearer.isEmpty();
                fail(noToken(missing
                        ? "the token provider's stage completed without a token (" + problem + "); nothing was sent."
                          + " A provider completes its stage with a delegated access token, or fails it"
                        : "the access token is not a valid HTTP header value (" + problem + "); nothing was sent."
                          + " Check where the token comes from (the accessToken option or header, or the token"
                          + " provider): a bearer token is visible ASCII only", null));
                return;
            }
            if (bearer.equals(refusedToken)) { // nothing fresher to offer
                fail(unauthorized);
                return;
            }
            sendRequest(attempt, started, bearer, token);
        }

        private void sendRequest(int attempt, long started, String bearer, String token) {
            String clientRequestId = UUID.randomUUID().toString();
            lastClientRequestId = clientRequestId;
            // Create and chat: one deadline from the attempt's start covers token, connection and response. A stream's
            // head gets its own wait from sending, as its later gaps do.
            long spent = readers == null ? System.nanoTime() - started : 0;
            Duration wait = Duration.ofNanos(Math.max(call.responseTimeout().toNanos() - spent,
                    TimeUnit.MILLISECONDS.toNanos(1)));
            HttpTransport.Post post;
            AtomicBoolean deadlinePassed = new AtomicBoolean();
            Future<ResponseReader.Received> sent;
            // Armed before sending, so that a scheduler refusing (the component stopping) fails the call unsent.
            inFlight = null;
            armTimer(schedule(() -> {
                deadlinePassed.set(true);
                abortExchange();
            }, wait));
            if (result.isDone()) {
                return;
            }
            phase = Phase.RESPONSE; // before sending: a stop from now on may find the request at the service
            long sentAt = System.nanoTime();
            try {
                Map<String, String> headers = new HashMap<>(call.listener().requestHeaders());
                headers.put("Authorization", "Bearer " + bearer);
                headers.put("Accept", readers == null ? JSON : EVENT_STREAM);
                headers.put("client-request-id", clientRequestId);
                post = transport.post(target, headers, body, JSON_BODY);
                ResponseReader reader = new ResponseReader(call.maxResponseSize(), readers,
                        received -> safely(() -> onStreamStart(attempt, received, clientRequestId, sentAt)),
                        this::abortExchange);
                sent = post.execute(reader, new FutureCallback<>() {
                    @Override
                    public void completed(ResponseReader.Received received) {
                        safely(() -> {
                            cancel(timer);
                            onResponse(attempt, received, token, bearer, clientRequestId, millisSince(sentAt));
                        });
                    }

                    @Override
                    public void failed(Exception error) {
                        failedWith(Failures.unwrap(error));
                    }

                    @Override
                    public void cancelled() { // by the deadline, by a stop, or by the transport closing
                        failedWith(new CancellationException("the HTTP exchange was cancelled"));
                    }

                    private void failedWith(Throwable error) {
                        safely(() -> {
                            cancel(timer);
                            onFailure(attempt, deadlinePassed.get() ? new ResponseTimeoutException() : error,
                                    post.started(), clientRequestId, millisSince(sentAt));
                        });
                    }
                });
            } catch (RuntimeException e) { // the transport refused it outright (closed, or a value it will not send)
                fail(CopilotException.builder(call.action() + " failed: the HTTP client refused to send the request ("
                        + e.getClass().getSimpleName() + ": " + redacted(e.getMessage(), bearer) + "); nothing was"
                        + " sent", call.exchange()).clientRequestId(clientRequestId).attempts(attempts)
                        .kind(FailureKind.NOT_SENT).possiblyProcessed(earlierPossiblyProcessed).build());
                return;
            }
            inFlight = sent;
            if (result.isDone() || deadlinePassed.get()) {
                sent.cancel(true); // stopped, or out of time, meanwhile
            }
        }

        /** Aborts the current exchange: its HTTP/2 stream, or its HTTP/1.1 connection. */
        private void abortExchange() {
            Future<ResponseReader.Received> exchange = inFlight;
            if (exchange != null) {
                exchange.cancel(true);
            }
        }

        /** A stream's head and first bytes are in: the call has its answer, the events follow. */
        private void onStreamStart(int attempt, ResponseReader.Received received, String clientRequestId,
                                   long sentAt) {
            cancel(timer);
            String requestId = received.header("request-id");
            LOG.debug("POST {} -> {} stream in {} ms on attempt {} (request-id={}, client-request-id={})",
                    target.path(), received.status(), millisSince(sentAt), attempt, requestId, clientRequestId);
            if (!end(new CopilotResponse<>(received, requestId, clientRequestId, attempt))) {
                received.events().cancel(); // stopped meanwhile
            }
        }

        private void onFailure(int attempt, Throwable error, boolean started, String clientRequestId, long millis) {
            if (result.isDone()) {
                return; // includes an exchange aborted by a stop, and a stream that failed after it began
            }
            FailureKind kind = FailureKinds.ofError(error, started);
            LOG.debug("POST {} failed after {} ms on attempt {} ({}, {}; client-request-id={})", target.path(), millis,
                    attempt, error.getClass().getSimpleName(), kind, clientRequestId);
            boolean timedOut = error instanceof ResponseTimeoutException;
            if (call.retry().allows(kind, repeatable, attempt)) {
                retryLater(attempt, call.retry().backoff(attempt), kind, 0, timedOut ? "no response in time"
                        : kind == FailureKind.NOT_SENT ? "not sent (" + error.getClass().getSimpleName() + ")"
                        : "connection failure " + error.getClass().getSimpleName());
                return;
            }
            String what;
            if (timedOut) {
                what = (started ? "no response within " : "no connection or stream to send on within ")
                       + call.responseTimeout().toMillis() + " ms (" + call.timeoutOption() + ")"
                       + (started ? "" : "; nothing was sent");
            } else if (error instanceof UnusableResponseException) {
                what = error.getMessage() + "; the service answered, so it has processed the request";
            } else if (error instanceof SSLHandshakeException) {
                what = "TLS handshake refused, not retried (" + error.getClass().getSimpleName() + ": "
                       + error.getMessage() + "). Certificate and host name checks are always on: the server's"
                       + " certificate must be issued for the host of baseUrl by a CA the JVM trusts (add a"
                       + " private CA to the truststore, javax.net.ssl.trustStore, or set sslContextParameters)";
            } else if (error instanceof ProxyRefusedException) {
                what = error.getMessage(); // names the proxy and what to check
            } else if (kind == FailureKind.NOT_SENT) {
                what = "not sent (" + error.getClass().getSimpleName() + ": " + error.getMessage() + ")";
            } else if (error instanceof IOException) {
                what = "connection failure (" + error.getClass().getSimpleName() + ": " + error.getMessage() + ")";
            } else {
                what = "the HTTP client failed the request (" + error.getClass().getSimpleName() + ": "
                       + error.getMessage() + ")";
            }
            failedAs = kind.tag();
            fail(CopilotException.builder(call.action() + " failed: " + what, call.exchange()).cause(error)
                    .ids(error instanceof UnusableResponseException unusable ? unusable.getRequestId() : null,
                            clientRequestId).attempts(attempt).kind(kind)
                    .possiblyProcessed(kind.possiblyProcessed() || earlierPossiblyProcessed)
                    .remedy(kind == FailureKind.OUTCOME_UNKNOWN ? "; " + possiblyProcessedNote() : "").build());
        }

        private void onResponse(int attempt, ResponseReader.Received response, String token, String bearer,
                                String clientRequestId, long millis) {
            if (result.isDone()) {
                return;
            }
            int status = response.status();
            String requestId = response.header("request-id");
            LOG.debug("POST {} -> {} in {} ms on attempt {} (request-id={}, client-request-id={})", target.path(),
                    status, millis, attempt, requestId, clientRequestId);
            if (status >= 200 && status < 300) {
                end(new CopilotResponse<>(response, requestId, clientRequestId, attempt));
                return;
            }
            Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
            FailureKind kind = status == 401 ? FailureKind.FINAL : FailureKinds.ofStatus(status);
            if (call.retry().allows(kind, repeatable, attempt)) {
                Duration wait = retryAfter != null ? retryAfter : call.retry().backoff(attempt);
                if (wait.compareTo(call.retry().maxDelay()) <= 0) {
                    retryLater(attempt, wait, kind, status, "HTTP " + status);
                    return;
                }
                LOG.debug("Retry-After {} ms exceeds maxRetryDelay; failing instead of waiting", wait.toMillis());
            }
            failedAs = kind.tag();
            byte[] errorBody = response.body() == null ? new byte[0] : response.body();
            boolean possiblyProcessed = kind.possiblyProcessed() || earlierPossiblyProcessed;
            CopilotException failure = errors.toException(call.action(), status, response.header("Content-Type"),
                    errorBody, requestId, call.exchange(), built -> built.clientRequestId(clientRequestId)
                            .attempts(attempt).retryAfter(retryAfter).possiblyProcessed(possiblyProcessed)
                            .remedy(possiblyProcessed ? "; " + possiblyProcessedNote() : ""));
            if (status == 401 && refusedToken == null) {
                // Not processed: retried once with a fresh token, from the scheduler (this is an I/O thread).
                LOG.debug("POST {} -> 401: renewing the access token and trying once more", target.path());
                refusedToken = bearer;
                unauthorized = failure;
                try {
                    call.tokens().refused(token);
                } catch (RuntimeException e) {
                    LOG.debug("The token source failed to forget a refused token ({})", e.getClass().getSimpleName());
                }
                retryLater(attempt, Duration.ZERO, kind, status, "HTTP 401");
                return;
            }
            fail(failure);
        }

        /** Why a call that may have been processed was not (or no longer) retried, and what the route can do. */
        private String possiblyProcessedNote() {
            if (repeatable || call.retry().retryPossiblyProcessed()) {
                return "the service may have processed the request (isPossiblyProcessed() is true)";
            }
            return "not retried: the service may have processed the turn, and sending it again could add it twice."
                   + " The route decides: isPossiblyProcessed() is true, and retryPossiblyProcessed=true lets the"
                   + " component retry such failures";
        }

        /** @param status the HTTP status that asked for the retry, 0 for a failure without a response */
        private void retryLater(int attempt, Duration wait, FailureKind kind, int status, String reason) {
            LOG.debug("Retrying POST {} in {} ms after {} (retry {} of {})", target.path(), wait.toMillis(), reason,
                    attempt, call.retry().maxRetries());
            if (kind.possiblyProcessed()) {
                earlierPossiblyProcessed = true;
            }
            retryReason = reason;
            phase = Phase.RETRY_WAIT;
            call.listener().retrying(status > 0 ? Integer.toString(status)
                    : kind.possiblyProcessed() ? "possibly_processed" : "not_sent", wait, attempt);
            armTimer(schedule(() -> attempt(attempt + 1), wait));
        }

        /** Keeps the call's timer, cancelled at once if the call ended meanwhile. */
        private void armTimer(Future<?> scheduled) {
            timer = scheduled;
            if (result.isDone()) {
                cancel(scheduled);
            }
        }

        /** Schedules a step; null (and the call failed) when the scheduler has stopped with the component. */
        private Future<?> schedule(Runnable task, Duration delay) {
            Future<?> scheduled;
            try {
                scheduled = scheduler.schedule(() -> safely(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                stopped(COMPONENT_STOPPING);
                return null;
            }
            if (result.isDone()) {
                scheduled.cancel(false); // ended meanwhile
            }
            return scheduled;
        }

        private static void cancel(Future<?> scheduled) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        /** Fails the call because its component or its producer is stopping, saying where it stood. */
        @Override
        public void stopped(String reason) {
            Phase at = phase;
            String what = switch (at) {
                case STARTING -> "not sent: " + reason;
                case TOKEN -> "not sent: " + reason + " (the call was waiting for its access token)";
                case RETRY_WAIT -> "not retried: " + reason + " (the call was waiting to retry after " + retryReason
                                   + "; nothing is retried after a stop)";
                case RESPONSE -> "aborted: " + reason + " (the request was sent and no response had arrived, so the"
                                 + " service may have processed it: isPossiblyProcessed() is true)";
            };
            failedAs = "stopped";
            fail(CopilotException.builder(call.action() + " failed: " + what, call.exchange())
                    .clientRequestId(lastClientRequestId).attempts(attempts)
                    .kind(FailureKind.STOPPED).possiblyProcessed(at == Phase.RESPONSE || earlierPossiblyProcessed)
                    .build());
        }

        private void fail(Throwable failure) {
            if (!result.isDone()) {
                tell(null, failure);
            }
            result.completeExceptionally(failure);
        }

        /** Completes the call, its listener told first (meters and span recorded before the route goes on). */
        private boolean end(CopilotResponse<ResponseReader.Received> response) {
            if (result.isDone()) {
                return false;
            }
            tell(response, null);
            return result.complete(response);
        }

        /** Tells the call's listener how it ended, once. */
        private void tell(CopilotResponse<ResponseReader.Received> response, Throwable error) {
            if (!told.compareAndSet(false, true)) {
                return;
            }
            if (response != null) {
                call.listener().ended(response.body().status(), response.requestId(), response.clientRequestId(),
                        attempts, null, null);
            } else {
                CopilotException failed = error instanceof CopilotException e ? e : null;
                call.listener().ended(failed == null ? 0 : failed.getStatusCode(),
                        failed == null ? null : failed.getRequestId(), lastClientRequestId, attempts, error, failedAs);
            }
        }

        /** Runs a step on whatever thread completed the previous one; a bug in it still ends the call. */
        private void safely(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("POST {} failed unexpectedly", target.path(), e);
                fail(CopilotException.builder(call.action() + " failed: unexpected " + e.getClass().getSimpleName()
                        + " in the client (" + e.getMessage() + ")", call.exchange()).cause(e)
                        .clientRequestId(lastClientRequestId).attempts(attempts)
                        .possiblyProcessed(phase == Phase.RESPONSE || earlierPossiblyProcessed).build());
            }
        }
    }

    /** A transport's message, without the token should it quote the header. */
    private static String redacted(String message, String token) {
        return message == null ? "no message" : message.replace(token, "***");
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** The call's own deadline passed before the response (or a stream's head) was in. */
    static final class ResponseTimeoutException extends IOException {
        ResponseTimeoutException() {
            super("no complete response in time");
        }
    }
}
