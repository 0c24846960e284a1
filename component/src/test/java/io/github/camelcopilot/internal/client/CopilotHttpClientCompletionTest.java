package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.CopilotException;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.client.FailureKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every call of the client completes: closing it (as the component stops) fails what waits for a token, a retry or
 * a response, cancels what was scheduled and aborts the HTTP exchange; a transport that refuses the request fails
 * the call too. Against the simulator over loopback.
 */
class CopilotHttpClientCompletionTest {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    private static final Duration LONG_WAIT = Duration.ofSeconds(30);

    /** A scheduler that tells when a task is scheduled with {@link #LONG_WAIT} (a retry waiting for Retry-After). */
    private final SignallingScheduler scheduler = new SignallingScheduler();
    private final HttpTransport http = HttpTransport.standalone(Duration.ofSeconds(5), "completion-test-io");

    @AfterEach
    void stopSchedulerAndTransport() {
        scheduler.shutdownNow();
        http.close();
    }

    private CopilotHttpClient client(HttpTransport transport) {
        return new CopilotHttpClient(transport, scheduler, CopilotJson.mapper(), new CopilotCallGroup());
    }

    private static CopilotCall call(AccessTokens tokens) {
        return new CopilotCall("Copilot createConversation", SIMULATOR.baseUrl() + "/copilot/conversations", tokens,
                new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMillis(20), false), Duration.ofMinutes(2),
                "requestTimeout", 1 << 20, null, Duration.ofMinutes(2), null, CallListener.NONE);
    }

    private static AccessTokens simulatorToken() {
        CompletableFuture<String> token = CompletableFuture.completedFuture(CopilotSimulator.DEFAULT_TOKEN);
        return () -> token;
    }

    private static CopilotException failureOf(CompletableFuture<?> call) {
        await().until(call::isDone);
        assertThat(call).isCompletedExceptionally();
        Throwable error = call.handle((ignored, e) -> e).join();
        while (error.getCause() != null && !(error instanceof CopilotException)) {
            error = error.getCause();
        }
        assertThat(error).isInstanceOf(CopilotException.class);
        return (CopilotException) error;
    }

    @ParameterizedTest
    @CsvSource({"429, false", "503, false", "504, true"})
    void closingFailsACallWaitingForARetryAndCancelsTheRetry(int status, boolean possiblyProcessed) throws Exception {
        SIMULATOR.simulator().faults().enqueue(Fault.status(status).withRetryAfter("30"));
        CopilotHttpClient client = client(http);

        CompletableFuture<?> call = client.createConversation(call(simulatorToken()));
        assertThat(scheduler.longWaitScheduled.await(10, TimeUnit.SECONDS)).as("the retry was scheduled").isTrue();
        client.close();

        CopilotException error = failureOf(call);
        // The documented stop messages, one test each: this one, waiting for a token, waiting for a response.
        assertThat(error.getMessage()).contains("not retried: the copilot component is stopping")
                .contains("waiting to retry after HTTP " + status);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isEqualTo(possiblyProcessed);
        assertThat(error.getClientRequestId()).isEqualTo(SIMULATOR.simulator().requests().get(0).header("client-request-id"));
        assertThat(scheduler.longWait.get().isCancelled()).as("the scheduled retry").isTrue();
        assertThat(SIMULATOR.simulator().requestCount()).isEqualTo(1);
    }

    @Test
    void closingFailsACallWaitingForItsToken() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CopilotHttpClient client = client(http);

        CompletableFuture<?> call = client.createConversation(call(() -> {
            asked.countDown();
            return new CompletableFuture<>();
        }));
        asked.await();
        client.close();

        CopilotException error = failureOf(call);
        assertThat(error.getMessage()).contains("not sent: the copilot component is stopping")
                .contains("waiting for its access token");
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertThat(SIMULATOR.simulator().requestCount()).isZero();
    }

    @Test
    void closingAbortsACallWaitingForItsResponse() {
        SIMULATOR.simulator().faults().enqueue(Fault.hang(LONG_WAIT));
        CopilotHttpClient client = client(http);

        CompletableFuture<?> call = client.createConversation(call(simulatorToken()));
        await().until(() -> SIMULATOR.simulator().requestCount() == 1);
        client.close();

        CopilotException error = failureOf(call);
        assertThat(error.getMessage()).contains("aborted: the copilot component is stopping")
                .contains("may have processed it");
        assertThat(error.isPossiblyProcessed()).isTrue();
    }

    @Test
    void aCallAfterCloseFailsWithoutSendingAnything() {
        CopilotHttpClient client = client(http);
        client.close();

        CopilotException error = failureOf(client.createConversation(call(simulatorToken())));

        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertThat(SIMULATOR.simulator().requestCount()).isZero();
    }

    @Test
    void aStoppedSchedulerFailsTheCallInsteadOfDroppingIt() {
        scheduler.shutdownNow();

        CopilotException error = failureOf(client(http).createConversation(call(simulatorToken())));

        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(SIMULATOR.simulator().requestCount()).isZero();
    }

    @Test
    void aClosedTransportFailsTheCallAsNotSent() {
        HttpTransport closed = HttpTransport.standalone(Duration.ofSeconds(5), "closed-transport-io");
        closed.close();

        CopilotException error = failureOf(client(closed).createConversation(call(simulatorToken())));

        assertThat(error.getFailureKind()).isEqualTo(FailureKind.NOT_SENT);
        assertThat(error.getMessage()).doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertThat(SIMULATOR.simulator().requestCount()).isZero();
    }

    /** Tells when a task is scheduled with the long wait, and keeps it. */
    private static final class SignallingScheduler extends ScheduledThreadPoolExecutor {

        final CountDownLatch longWaitScheduled = new CountDownLatch(1);
        final AtomicReference<ScheduledFuture<?>> longWait = new AtomicReference<>();

        SignallingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            ScheduledFuture<?> future = super.schedule(command, delay, unit);
            if (unit.toMillis(delay) == LONG_WAIT.toMillis()) {
                longWait.set(future);
                longWaitScheduled.countDown();
            }
            return future;
        }
    }
}
