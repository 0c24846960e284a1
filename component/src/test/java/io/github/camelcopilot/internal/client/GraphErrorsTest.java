package io.github.camelcopilot.internal.client;

import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotAuthorizationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNotFoundException;
import io.github.camelcopilot.client.CopilotThrottledException;
import io.github.camelcopilot.client.FailureKind;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.camelcopilot.model.CopilotJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GraphErrorsTest {

    private static final String REQUEST_ID = "5b4b3fd4-0d36-4d69-9b2f-0f2b8b6c1a11";
    private static final String CLIENT_REQUEST_ID = "c7f8d1a2-3e4b-4c5d-8e9f-0a1b2c3d4e5f";
    private static final String BODY_REQUEST_ID = "9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9";

    private final GraphErrors errors = new GraphErrors(CopilotJson.mapper());

    private static byte[] graphError(String code, String message, String innerKey) {
        String json = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"" + innerKey
                      + "\":{\"date\":\"2025-09-30T15:28:46\",\"request-id\":\"" + BODY_REQUEST_ID
                      + "\",\"client-request-id\":\"" + CLIENT_REQUEST_ID + "\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private CopilotException map(int status, byte[] body, String requestId, Duration retryAfter) {
        return errors.toException("Chat", status, "application/json", body, requestId, null,
                built -> built.clientRequestId(CLIENT_REQUEST_ID).retryAfter(retryAfter));
    }

    private CopilotException map(int status, byte[] body) {
        return map(status, body, REQUEST_ID, null);
    }

    // ---- body parsing --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"innerError", "innererror"})
    void requestIdIsTakenFromTheBodyWhenTheHeaderIsMissing(String innerKey) {
        CopilotException e = map(400, graphError("badRequest", "Bad time zone", innerKey), null, null);

        assertThat(e.getRequestId()).isEqualTo(BODY_REQUEST_ID);
        assertThat(e.getErrorCode()).isEqualTo("badRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"innerError", "innererror"})
    void theHeaderRequestIdWins(String innerKey) {
        CopilotException e = map(400, graphError("badRequest", "Bad time zone", innerKey), REQUEST_ID, null);

        assertThat(e.getRequestId()).isEqualTo(REQUEST_ID);
    }

    @Test
    void bodyWithoutInnerErrorAndNoHeaderGivesNoRequestId() {
        byte[] body = "{\"error\":{\"code\":\"badRequest\",\"message\":\"m\"}}".getBytes(StandardCharsets.UTF_8);

        CopilotException e = map(400, body, null, null);

        assertThat(e.getRequestId()).isNull();
    }

    @Test
    void messageHoldsStatusCodeServiceMessageAndIds() {
        CopilotException e = map(400, graphError("invalidRequest", "Invalid time zone.", "innerError"));

        assertThat(e.getMessage()).isEqualTo("Chat failed: HTTP 400 invalidRequest: Invalid time zone. [request-id="
                                             + REQUEST_ID + ", client-request-id=" + CLIENT_REQUEST_ID + "]");
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getFailureKind()).isEqualTo(FailureKind.FINAL);
        assertThat(e.isPossiblyProcessed()).isFalse();
        assertThat(e.getClientRequestId()).isEqualTo(CLIENT_REQUEST_ID);
        assertThat(e.getCause()).isNull();
    }

    @Test
    void theKindFollowsTheStatus() {
        assertThat(map(503, new byte[0]).getFailureKind()).isEqualTo(FailureKind.TURNED_AWAY);
        assertThat(map(429, new byte[0]).getFailureKind()).isEqualTo(FailureKind.TURNED_AWAY);
        assertThat(map(504, new byte[0]).getFailureKind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(map(500, new byte[0]).getFailureKind()).isEqualTo(FailureKind.SERVER_FAILED);
        assertThat(map(404, new byte[0]).getFailureKind()).isEqualTo(FailureKind.FINAL);
    }

    @Test
    void emptyBodyGivesAClearMessage() {
        CopilotException e = map(502, new byte[0]);

        assertThat(e.getMessage()).startsWith("Chat failed: HTTP 502 with an empty body [");
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getStatusCode()).isEqualTo(502);
        assertThat(e.getCause()).isNull();
    }

    @Test
    void htmlBodyGivesAClearMessage() {
        byte[] html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
                .getBytes(StandardCharsets.UTF_8);

        CopilotException e = errors.toException("Chat", 502, "text/html", html, REQUEST_ID, null, built -> built);

        assertThat(e).isExactlyInstanceOf(CopilotException.class);
        assertThat(e.getMessage())
                .contains("HTTP 502")
                .contains("not a Graph error")
                .contains("text/html")
                .contains(html.length + " bytes")
                .contains("gateway")
                .doesNotContain("nginx")
                .doesNotContain("Unexpected character");
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getCause()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"foo\":1}", "null", "[]", "\"text\"", "42", "{\"error\":\"string\"}", "{\"error\":",
                            "   "})
    void jsonThatIsNotAGraphErrorGivesAClearMessage(String body) {
        CopilotException e = errors.toException("Create conversation", 500, null, body.getBytes(StandardCharsets.UTF_8),
                REQUEST_ID, null, built -> built);

        assertThat(e.getMessage())
                .startsWith("Create conversation failed: HTTP 500")
                .contains("not a Graph error")
                .contains("no content type");
        assertThat(e.getErrorCode()).isNull();
    }

    @Test
    void errorWithCodeButNoMessage() {
        byte[] body = "{\"error\":{\"code\":\"itemNotFound\",\"message\":\"  \"}}".getBytes(StandardCharsets.UTF_8);

        CopilotException e = map(404, body);

        assertThat(e.getMessage()).startsWith("Chat failed: HTTP 404 itemNotFound [request-id=");
        assertThat(e.getErrorCode()).isEqualTo("itemNotFound");
    }

    @Test
    void veryLongServiceMessageIsTruncated() {
        String longMessage = "x".repeat(5000);

        CopilotException e = map(400, graphError("badRequest", longMessage, "innerError"));

        assertThat(e.getMessage())
                .contains("x".repeat(300) + "...")
                .doesNotContain("x".repeat(301));
        assertThat(e.getMessage().length()).isLessThan(1000);
    }

    @Test
    void serviceMessageOfExactlyTheLimitIsKeptWhole() {
        CopilotException e = map(400, graphError("badRequest", "y".repeat(300), "innerError"));

        assertThat(e.getMessage()).contains("y".repeat(300)).doesNotContain("y".repeat(300) + "...");
    }

    // ---- status to exception -------------------------------------------------------------------------------

    @Test
    void status401IsAnAuthenticationError() {
        CopilotException e = map(401, graphError("InvalidAuthenticationToken", "Access token has expired.", "innerError"));

        assertThat(e).isExactlyInstanceOf(CopilotAuthenticationException.class);
        assertThat(e.getStatusCode()).isEqualTo(401);
        assertThat(e.getErrorCode()).isEqualTo("InvalidAuthenticationToken");
        assertThat(e.getMessage()).contains("HTTP 401").contains("app-only").contains("expired");
    }

    @Test
    void status403IsAnAuthorizationErrorNamingTheLikelyCauses() {
        CopilotException e = map(403, graphError("Forbidden", "Forbidden", "innerError"));

        assertThat(e).isExactlyInstanceOf(CopilotAuthorizationException.class);
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getMessage())
                .contains("HTTP 403 Forbidden")
                .containsIgnoringCase("licence")
                .containsIgnoringCase("consent")
                .containsIgnoringCase("permissions")
                .containsIgnoringCase("app-only");
    }

    @Test
    void status403WithAnEmptyBodyStillNamesTheCauses() {
        CopilotException e = map(403, new byte[0]);

        assertThat(e).isExactlyInstanceOf(CopilotAuthorizationException.class);
        assertThat(e.getMessage()).contains("empty body").containsIgnoringCase("licence").containsIgnoringCase("app-only");
    }

    @Test
    void status404IsNotFound() {
        CopilotException e = map(404, graphError("itemNotFound", "Conversation not found", "innererror"));

        assertThat(e).isExactlyInstanceOf(CopilotNotFoundException.class);
        assertThat(e.getStatusCode()).isEqualTo(404);
        assertThat(e.getMessage()).contains("conversation does not exist");
    }

    @Test
    void status429IsThrottledWithRetryAfter() {
        CopilotException e = map(429, graphError("TooManyRequests", "Too many requests", "innerError"), REQUEST_ID,
                Duration.ofMillis(2128));

        assertThat(e).isExactlyInstanceOf(CopilotThrottledException.class);
        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofMillis(2128));
        assertThat(e.getStatusCode()).isEqualTo(429);
    }

    @Test
    void status429WithoutRetryAfter() {
        CopilotException e = map(429, new byte[0]);

        assertThat(e).isExactlyInstanceOf(CopilotThrottledException.class);
        assertThat(e.getRetryAfter()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 500, 502, 503, 504, 409, 418})
    void otherStatusesArePlainCopilotExceptions(int status) {
        CopilotException e = map(status, graphError("someCode", "some message", "innerError"));

        assertThat(e).isExactlyInstanceOf(CopilotException.class);
        assertThat(e.getStatusCode()).isEqualTo(status);
        assertThat(e.getErrorCode()).isEqualTo("someCode");
        assertThat(e.getMessage()).contains("HTTP " + status + " someCode: some message");
    }

    @Test
    void status503KeepsTheRetryAfter() {
        CopilotException e = map(503, new byte[0], REQUEST_ID, Duration.ofSeconds(5));

        assertThat(e).isExactlyInstanceOf(CopilotException.class);
        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofSeconds(5));
    }
}
