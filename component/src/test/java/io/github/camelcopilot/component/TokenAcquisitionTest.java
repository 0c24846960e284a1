package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.simulator.CopilotSimulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * However a token provider fails, the exchange ends with a CopilotAuthenticationException saying what went wrong,
 * and nothing reaches the service (the simulator counts what it received).
 */
class TokenAcquisitionTest extends CopilotTestSupport {

    private static final String ID = "7d3c0c7e-0000-4000-8000-000000000000";
    private static final String SECRET_PART = "eyJsecretTokenText";

    /** Sends a prompt through the endpoint with the provider bound as {@code #tokens}; waits for the outcome. */
    private Exchange send(String operation, CopilotTokenProvider provider) throws Exception {
        context.getRegistry().bind("tokens", provider);
        Future<Exchange> done = template.asyncSend("copilot:" + operation
                                                   + (operation.contains("?") ? "&" : "?") + "tokenProvider=#tokens",
                exchange -> exchange.getMessage().setBody("Hello"));
        await().until(done::isDone);
        return done.get();
    }

    private CopilotAuthenticationException failure(Exchange done) {
        assertThat(done.getException()).isInstanceOf(CopilotAuthenticationException.class);
        CopilotAuthenticationException error = (CopilotAuthenticationException) done.getException();
        assertThat(error.getStatusCode()).isZero();
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.NO_TOKEN);
        assertThat(error.getMessage()).doesNotContain(SECRET_PART);
        assertThat(simulator().requestCount()).as("requests that reached the service").isZero();
        return error;
    }

    @ParameterizedTest
    @ValueSource(strings = {"createConversation", "chat", "chat?conversationId=" + ID,
            "chatOverStream?streamMode=final&conversationId=" + ID})
    void aFailedStageEndsTheExchangeWithTheProvidersError(String operation) throws Exception {
        IllegalStateException vaultDown = new IllegalStateException("the vault is sealed");

        CopilotAuthenticationException error = failure(send(operation,
                request -> CompletableFuture.failedFuture(vaultDown)));

        assertThat(error.getMessage()).contains("no access token could be acquired")
                .contains("IllegalStateException: the vault is sealed");
        assertThat(error.getCause()).isSameAs(vaultDown);
    }

    @Test
    void aProviderThatThrowsInsteadOfFailingItsStageEndsTheExchange() throws Exception {
        CopilotAuthenticationException error = failure(send("chat", request -> {
            throw new UnsupportedOperationException("not configured");
        }));

        assertThat(error.getMessage()).contains("threw UnsupportedOperationException (not configured)")
                .contains("instead of returning a stage");
        assertThat(error.getCause()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aProviderThatReturnsNoStageEndsTheExchange() throws Exception {
        CopilotAuthenticationException error = failure(send("createConversation", request -> null));

        assertThat(error.getMessage()).contains("returned no stage (null)");
    }

    @ParameterizedTest
    @CsvSource(value = {"NULL, the token is null", "'', the token is empty or only whitespace",
            "'  \t ', the token is empty or only whitespace"}, nullValues = "NULL")
    void aStageWithoutATokenEndsTheExchange(String token, String problem) throws Exception {
        CopilotAuthenticationException error = failure(send("chat",
                request -> CompletableFuture.completedFuture(token)));

        assertThat(error.getMessage()).contains("completed without a token (" + problem + ")");
    }

    @ParameterizedTest
    @CsvSource({
            "'\r\nX-Injected: yes', a line break at position 19",
            "'\n', a line break at position 19",
            "'\u0000', a control character at position 19",
            "'\u007f', a control character at position 19",
            "'\u00e9', a non-ASCII character at position 19",
            "' more', whitespace at position 19" })
    void aTokenThatIsNotAValidHeaderValueIsNeverSent(String tail, String problem) throws Exception {
        String token = SECRET_PART + tail + "rest";

        CopilotAuthenticationException error = failure(send("chat?conversationId=" + ID,
                request -> CompletableFuture.completedFuture(token)));

        assertThat(error.getMessage()).contains("not a valid HTTP header value (the token contains " + problem)
                .doesNotContain("rest").doesNotContain("X-Injected");
    }

    @Test
    void aTokenInTheMessageHeaderThatIsNotAValidHeaderValueIsNeverSentEither() {
        Exchange done = template.send("copilot:createConversation", exchange -> exchange.getMessage()
                .setHeader(CopilotConstants.ACCESS_TOKEN, SECRET_PART + "\r\nX-Injected: yes"));

        assertThat(failure(done).getMessage()).contains("not a valid HTTP header value").contains("accessToken option");
    }

    @Test
    void surroundingWhitespaceIsTrimmedAsATokenReadFromAFileOftenEndsWithALineBreak() throws Exception {
        Exchange done = send("createConversation",
                request -> CompletableFuture.completedFuture(" " + CopilotSimulator.DEFAULT_TOKEN + "\r\n"));

        assertThat(done.getException()).isNull();
        assertThat(lastRequest().header("authorization"))
                .isEqualTo("Bearer " + CopilotSimulator.DEFAULT_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"createConversation?requestTimeout=300", "chat?requestTimeout=300",
            "chat?requestTimeout=300&conversationId=" + ID,
            // a stream's token wait is bounded by requestTimeout too, not by streamIdleTimeout
            "chatOverStream?requestTimeout=300&streamIdleTimeout=60000&conversationId=" + ID,
            "chatOverStream?requestTimeout=300&streamMode=final&conversationId=" + ID})
    void aStageThatNeverCompletesFailsTheExchangeAfterRequestTimeout(String operation) throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();

        CopilotAuthenticationException error = failure(send(operation, request -> never));

        assertThat(error.getMessage()).contains("no access token within 300 ms (requestTimeout)")
                .contains("did not complete");
    }

    @Test
    void aTokenArrivingAfterTheTimeoutIsNotUsed() throws Exception {
        CompletableFuture<String> late = new CompletableFuture<>();

        failure(send("createConversation?requestTimeout=200", request -> late));
        late.complete(CopilotSimulator.DEFAULT_TOKEN);
        // a request the late token started would reach the service before this exchange's whole round trip ends
        assertThat(template.send("copilot:createConversation", e -> { }).getException()).isNull();

        assertThat(simulator().requestCount()).isEqualTo(1);
    }

    @Test
    void aStageOfAnotherKindThanCompletableFutureWorksToo() throws Exception {
        CompletionStage<String> minimal = CompletableFuture
                .completedFuture(CopilotSimulator.DEFAULT_TOKEN).minimalCompletionStage();

        Exchange done = send("createConversation", request -> minimal);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(CopilotConstants.CONVERSATION_ID)).isNotNull();
    }

    @Test
    void aProviderErrorThatIsACopilotExceptionPassesThroughAsIs() throws Exception {
        CopilotException own = CopilotException.builder("Copilot chat failed: the user must sign in again", null)
                .kind(FailureKind.NO_TOKEN).build(CopilotAuthenticationException::new);

        assertThat(failure(send("chat", request -> CompletableFuture.failedFuture(own)))).isSameAs(own);
    }
}
