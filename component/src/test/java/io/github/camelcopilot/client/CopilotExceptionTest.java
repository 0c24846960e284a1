package io.github.camelcopilot.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ids support asks for are rendered into the message in one way, by the exception. */
class CopilotExceptionTest {

    @Test
    void theIdsAttemptsAndRetryAfterAreRenderedOnceAfterTheMessage() {
        CopilotException e = CopilotException.builder("Chat failed: HTTP 503", null).status(503)
                .ids("r-1", "c-1").attempts(4).retryAfter(Duration.ofMillis(2128)).kind(FailureKind.TURNED_AWAY)
                .remedy(". Wait.").build();

        assertThat(e.getMessage())
                .isEqualTo("Chat failed: HTTP 503 [request-id=r-1, client-request-id=c-1, attempts=4,"
                           + " retry-after=2128 ms]. Wait.");
        assertThat(e.getRequestId()).isEqualTo("r-1");
        assertThat(e.getClientRequestId()).isEqualTo("c-1");
        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofMillis(2128));
    }

    @Test
    void whatIsUnknownIsLeftOut() {
        assertThat(CopilotException.builder("Chat failed", null).clientRequestId("c-1").attempts(1).build()
                .getMessage()).isEqualTo("Chat failed [client-request-id=c-1]");
        assertThat(CopilotException.builder("Chat failed", null).build().getMessage()).isEqualTo("Chat failed");
    }

    @Test
    void possiblyProcessedFollowsTheKindUnlessSaidOtherwise() {
        assertThat(CopilotException.builder("x", null).kind(FailureKind.OUTCOME_UNKNOWN).build()
                .isPossiblyProcessed()).isTrue();
        assertThat(CopilotException.builder("x", null).kind(FailureKind.NOT_SENT).build()
                .isPossiblyProcessed()).isFalse();
        assertThat(CopilotException.builder("x", null).kind(FailureKind.STOPPED).possiblyProcessed(true).build()
                .isPossiblyProcessed()).isTrue();
        assertThat(CopilotException.builder("x", null).build().getFailureKind()).isEqualTo(FailureKind.FINAL);
    }

    @Test
    void subclassesAreBuiltTheSameWayAndKeepTheirKind() {
        CopilotInvalidInputException invalid = CopilotInvalidInputException.of("Copilot request refused: x", null);
        CopilotNoReplyException noReply = CopilotException.builder("no reply", null).status(200)
                .build(built -> new CopilotNoReplyException(built, "conv", "disengagedForRai"));

        assertThat(invalid.getFailureKind()).isEqualTo(FailureKind.INVALID_INPUT);
        assertThat(noReply.getFailureKind()).isEqualTo(FailureKind.ANSWERED_UNUSABLE);
        assertThat(noReply.isPossiblyProcessed()).isTrue();
        assertThat(noReply.isDisengagedForRai()).isTrue();
    }
}
