package io.github.camelcopilot.component;

import java.io.IOException;
import java.net.URI;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.util.ObjectHelper;

/**
 * Readiness of a copilot endpoint's service: whether a token can be acquired and the service answers and accepts it.
 * It asks with a {@code GET} of the conversations collection, which can neither create a conversation nor send a
 * chat, and reads nothing of the answer but its status. Without a token of its own (nothing sent then) it is DOWN
 * with the reason. Registered in Camel's producers repository, so it only runs where producer checks are enabled
 * ({@code camel.health.producersEnabled=true}) and the component's {@code healthCheckProducerEnabled} is on.
 */
final class CopilotHealthCheck implements HealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** The probe reads the status only; a larger body is not worth holding. */
    private static final long PROBE_BODY_LIMIT = 1 << 20;

    private final CopilotEndpoint endpoint;
    private final String id;
    private volatile boolean enabled = true;

    CopilotHealthCheck(CopilotEndpoint endpoint, String id) {
        this.endpoint = endpoint;
        this.id = id;
    }

    /**
     * Only a configuration with a token of its own can be checked ahead of a message: tokens that come with each
     * message (a header, on-behalf-of's user assertion) cannot, and no made-up token is ever sent instead.
     */
    static boolean canCheck(CopilotEndpoint endpoint) {
        return endpoint.tokenProvider() != null && endpoint.authMode() != CopilotAuthMode.onBehalfOf;
    }

    CamelContext context() {
        return endpoint.getCamelContext();
    }

    @Override
    public String getGroup() {
        return "camel";
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
                .detail("service", endpoint.conversationsUrl())
                .detail("authMode", String.valueOf(endpoint.authMode()));
        if (!enabled) {
            return result.unknown().message("Disabled (healthCheckProducerEnabled=false)").build();
        }
        int status;
        try {
            String token = acquireToken();
            status = endpoint.transport().exchange("GET", URI.create(endpoint.conversationsUrl()),
                    Map.of("Authorization", "Bearer " + token, "Accept", "application/json",
                            "client-request-id", UUID.randomUUID().toString()),
                    null, null, PROBE_TIMEOUT, PROBE_BODY_LIMIT).status();
        } catch (TokenUnavailable e) {
            return result.down().message(e.getMessage() + "; nothing was sent").build();
        } catch (IllegalArgumentException e) {
            return result.down().message("The token provider's token is not a valid header value; nothing was sent")
                    .build();
        } catch (InterruptedIOException e) {
            return result.down().message("The service did not answer within " + PROBE_TIMEOUT.toSeconds() + " s")
                    .build();
        } catch (IOException e) {
            return result.down().message("No connection to the service (" + e.getClass().getSimpleName() + ": "
                                         + e.getMessage() + ")").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result.unknown().message("Interrupted").build();
        }
        result.detail(HTTP_RESPONSE_CODE, status);
        if (status >= 500) {
            return result.down().message("The service answered HTTP " + status).build();
        }
        if (status == 401) {
            return result.down().message("The service refused the token (HTTP 401)").build();
        }
        if (status == 403) {
            return result.down().message("The service refused access (HTTP 403): no Copilot licence, missing consent,"
                                         + " or an app-only token").build();
        }
        if (status == 429) {
            result.detail("throttled", true);
        }
        return result.up().message("The service answered and took the token (HTTP " + status + ")").build();
    }

    /** The token this configuration would use, within the probe's time; never a stand-in. */
    private String acquireToken() throws TokenUnavailable, InterruptedException {
        CopilotTokenProvider provider = endpoint.tokenProvider();
        String token;
        try {
            token = provider.getAccessToken(new CopilotTokenRequest(endpoint.scopes(), null)).toCompletableFuture()
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new TokenUnavailable("No access token could be acquired (" + cause.getClass().getSimpleName() + ": "
                                       + cause.getMessage() + ")");
        } catch (TimeoutException e) {
            throw new TokenUnavailable("No access token within " + PROBE_TIMEOUT.toSeconds() + " s");
        } catch (RuntimeException e) {
            throw new TokenUnavailable("The token provider failed (" + e.getClass().getSimpleName() + ": "
                                       + e.getMessage() + ")");
        }
        if (ObjectHelper.isEmpty(token)) {
            throw new TokenUnavailable("The token provider returned no token");
        }
        return token.trim();
    }

    private static final class TokenUnavailable extends Exception {
        TokenUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
