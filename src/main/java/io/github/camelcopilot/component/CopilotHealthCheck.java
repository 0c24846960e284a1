package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;
import io.github.camelcopilot.client.AccessTokens;
import io.github.camelcopilot.client.CopilotCall;
import io.github.camelcopilot.client.RetryPolicy;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of a copilot endpoint's service: whether a token can be acquired and the service answers and accepts
 * it, found out without sending a chat (a request the service must refuse, see {@code CopilotHttpClient#probe}).
 * Tokens that only come with messages (a header, or on-behalf-of's user assertion) cannot be checked ahead: then
 * only whether the service answers is checked.
 */
final class CopilotHealthCheck implements HealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final RetryPolicy NO_RETRY = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofMillis(100));

    private final CopilotEndpoint endpoint;
    private final String id;
    private volatile boolean enabled = true;

    CopilotHealthCheck(CopilotEndpoint endpoint, String id) {
        this.endpoint = endpoint;
        this.id = id;
    }

    @Override
    public String getGroup() {
        return "copilot";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false; // an unreachable service is no reason to restart the app
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder result = HealthCheckResultBuilder.on(this)
                .detail("service", endpoint.conversationsUrl());
        CopilotTokenProvider provider = endpoint.tokenProvider();
        boolean tokenChecked = provider != null && endpoint.authMode() != CopilotAuthMode.onBehalfOf;
        result.detail("token", tokenChecked ? "checked" : "comes with each message (not checked)");
        AccessTokens tokens = tokenChecked
                ? CopilotProducer.tokensOf(provider, new CopilotTokenRequest(endpoint.scopes(), null)) : unusableToken();
        CopilotCall call = new CopilotCall("Copilot health check", endpoint.conversationsUrl(), tokens, NO_RETRY,
                PROBE_TIMEOUT, "the health check's own 10 s", 64 * 1024, null);
        int status;
        try {
            status = endpoint.client().probe(call).get(PROBE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return result.down().message(e.getCause().getMessage()).build();
        } catch (TimeoutException e) {
            return result.down().message("The service did not answer within " + PROBE_TIMEOUT.toSeconds() + " s").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result.unknown().message("Interrupted").build();
        }
        result.detail(HTTP_RESPONSE_CODE, status);
        if (status >= 500) {
            return result.down().message("The service answered HTTP " + status).build();
        }
        if (tokenChecked && status == 401) {
            return result.down().message("The service refused the token (HTTP 401)").build();
        }
        if (tokenChecked && status == 403) {
            return result.down().message("The service refused access (HTTP 403): no Copilot licence, missing consent,"
                                         + " or an app-only token").build();
        }
        if (status == 429) {
            result.detail("throttled", true);
        }
        return result.up().message("The service answered (HTTP " + status + ")").build();
    }

    /** Without a token to check, a deliberately invalid one still shows that the service answers (with 401). */
    private static AccessTokens unusableToken() {
        CompletableFuture<String> token = CompletableFuture.completedFuture("copilot-health-check");
        return () -> token;
    }
}
