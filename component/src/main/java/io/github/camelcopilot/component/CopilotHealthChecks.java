package io.github.camelcopilot.component;

import java.net.URI;
import java.util.Objects;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;

/**
 * The component's readiness checks, in Camel's producers health-check repository (off unless
 * {@code camel.health.producersEnabled=true}): one per service and sign-in configuration, shared by the endpoints that
 * have it and removed when the last of them stops. Nothing is registered without camel-health on the classpath.
 */
final class CopilotHealthChecks {

    private static final String PRODUCERS = "producers";

    private final SharedByKey<String, CopilotHealthCheck> checks = new SharedByKey<>(check -> {
        WritableHealthCheckRepository repository = repository(check.context());
        if (repository != null) {
            repository.removeHealthCheck(check);
        }
    });

    /**
     * Tells configurations apart without naming a secret: the service's host and the sign-in mode in clear, then a
     * hash over everything that makes a token and the connection (the accessToken option and a proxy password are
     * folded into it, never shown).
     */
    static String idOf(CopilotEndpoint endpoint) {
        CopilotConfiguration config = endpoint.getConfiguration();
        int signIn = Objects.hash(endpoint.conversationsUrl(), endpoint.authMode(), endpoint.scopes(),
                System.identityHashCode(config.getTokenProvider()), config.getAccessToken(), config.getClientId(),
                config.getTenantId(), config.getAuthority(), config.getAuthorityEndpoint(), config.getTokenCacheFile(),
                config.getAccount(), endpoint.connection());
        return "producer:copilot-" + URI.create(endpoint.conversationsUrl()).getHost() + "-" + endpoint.authMode() + "-"
               + Integer.toHexString(signIn);
    }

    /** Registers the endpoint's check (or counts it in on the one its configuration has); returns its id or null. */
    String add(CopilotEndpoint endpoint, boolean enabled) {
        WritableHealthCheckRepository repository = CopilotHealthCheck.canCheck(endpoint)
                ? repository(endpoint.getCamelContext()) : null;
        if (repository == null) {
            return null;
        }
        String id = idOf(endpoint);
        checks.acquire(id, ignored -> {
            CopilotHealthCheck check = new CopilotHealthCheck(endpoint, id);
            check.setEnabled(enabled);
            repository.addHealthCheck(check);
            return check;
        });
        return id;
    }

    /** The endpoint with this check stopped; the last one out removes it. */
    void remove(String id) {
        checks.release(id);
    }

    /** Null without camel-health (no registry): there is nothing to register with then. */
    private static WritableHealthCheckRepository repository(CamelContext context) {
        return HealthCheckHelper.getHealthCheckRepository(context, PRODUCERS, WritableHealthCheckRepository.class);
    }
}
