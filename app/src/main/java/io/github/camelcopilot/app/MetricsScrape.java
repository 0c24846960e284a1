package io.github.camelcopilot.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /observe/metrics}: the meters of Camel Main's metrics support ({@code camel.metrics.enabled}, its
 * Prometheus registry: Camel's route meters and the Copilot component's) in Prometheus' text format, to callers who
 * prove who they are as on the app's other endpoints ({@link HttpCallers#requireCaller}: a verified Entra token or the
 * page's session once a real service is configured; anyone on the loopback-only default with the simulator), or who
 * present the scrape token {@code copilot.metrics.token} as a bearer token (for Prometheus, which cannot sign in).
 * Registered as the bean {@value #BEAN}; Camel's own unauthenticated endpoint for it
 * ({@code camel.management.metricsEnabled}) stays off.
 */
public final class MetricsScrape {

    /** The registry name of this bean. */
    public static final String BEAN = "copilotMetrics";
    /** The setting holding the scrape token (a secret; {@code {{env:...}}} in the properties). */
    static final String TOKEN = "copilot.metrics.token";
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+(\\S+)\\s*");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpCallers callers;
    private final byte[] scrapeToken;

    /** @param scrapeToken the token a scraper may present instead, or null for none */
    MetricsScrape(HttpCallers callers, String scrapeToken) {
        this.callers = callers;
        this.scrapeToken = scrapeToken == null || scrapeToken.isBlank() ? null
                : scrapeToken.trim().getBytes(StandardCharsets.UTF_8);
    }

    public void scrape(Exchange exchange) throws HttpProblem {
        if (!scrapeTokenPresented(exchange)) {
            callers.requireCaller(exchange);
        }
        PrometheusMeterRegistry registry = exchange.getContext().getRegistry()
                .findSingleByType(PrometheusMeterRegistry.class);
        if (registry == null) {
            throw new HttpProblem(404, "metrics_disabled", "Metrics are off: set camel.metrics.enabled = true.");
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear(); // nothing of the request (its Authorization header) goes back
        message.setHeader(Exchange.CONTENT_TYPE, PROMETHEUS_TEXT);
        message.setBody(registry.scrape());
    }

    private boolean scrapeTokenPresented(Exchange exchange) {
        if (scrapeToken == null) {
            return false;
        }
        String authorization = HttpExchanges.header(exchange, "Authorization");
        Matcher bearer = authorization == null ? null : BEARER.matcher(authorization);
        return bearer != null && bearer.matches()
               && MessageDigest.isEqual(scrapeToken, bearer.group(1).getBytes(StandardCharsets.UTF_8));
    }
}
