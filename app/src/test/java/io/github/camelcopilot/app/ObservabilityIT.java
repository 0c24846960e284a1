package io.github.camelcopilot.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged app shows what the component measures and traces: GET /observe/metrics in Prometheus' format, to a
 * scraper with the scrape token (and to nobody else, a real service being configured), holding every metric the
 * Grafana dashboard under deploy/ queries once the example routes have met a throttled, a refused and a failed
 * call, a keyed rollover and a stream; OTEL_TRACES_EXPORTER=logging (as otel.traces.exporter) prints the spans.
 */
class ObservabilityIT {

    private static final String SCRAPE_TOKEN = "scrape-" + System.nanoTime();
    private static final Path DASHBOARD = Repository.path("deploy/grafana/camel-copilot-dashboard.json");
    /** A metric name in a PromQL expression: what the app exports is named gen_ai_* and copilot_*. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:gen_ai|copilot)_[a-z0-9_]+)\\b");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CopilotSimulator simulator;
    private static AppProcess app;
    private static Path dir;
    private static int httpPort;

    @BeforeAll
    static void startApp() throws Exception {
        simulator = CopilotSimulator.start(0);
        dir = Files.createTempDirectory("copilot-observe");
        AppProcess.copyInto(dir, "routes", "config");
        httpPort = AppProcess.freePort();
        app = AppProcess.start(dir, "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                "camel.component.copilot.maxTurns=1", "camel.server.port=" + httpPort,
                "copilot.broker.port=" + AppProcess.freePort(), "copilot.metrics.token=" + SCRAPE_TOKEN,
                "otel.traces.exporter=logging");
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private static HttpResponse<String> metrics(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort
                                                                        + "/observe/metrics"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = metrics("Bearer " + SCRAPE_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** Drops a prompt file into the file trigger's inbox and waits until it is answered or has failed. */
    private static void prompt(String name, String content) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        Files.writeString(inbox.resolve(name), content);
        String stem = name.substring(0, name.lastIndexOf('.'));
        await().until(() -> Files.exists(dir.resolve("data/outbox/" + stem + ".json"))
                            || Files.exists(dir.resolve("data/failed/" + name + ".error.txt")));
    }

    @Test
    void theMetricsAreScrapedWithTheTokenOnlyAndHoldEveryMetricTheDashboardQueries() throws Exception {
        // The demo at start-up sent a queue message (chatOverStream) and a file (chat).
        await().until(() -> scrape().contains("copilot_stream_duration_seconds_count"));
        simulator.faults().enqueue(Fault.throttled("0.05").on(Fault.Operation.CHAT));
        prompt("first.json", "{\"prompt\": \"First\", \"conversationKey\": \"ticket-9\"}");
        prompt("second.json", "{\"prompt\": \"Second\", \"conversationKey\": \"ticket-9\"}"); // maxTurns=1: rolls over
        simulator.faults().enqueue(Fault.status(500).on(Fault.Operation.CHAT));
        prompt("failing.txt", "This one fails");
        simulator.faults().enqueue(Fault.status(401).on(Fault.Operation.CHAT));
        prompt("refused.txt", "This one is refused");

        String scraped = scrape();
        Set<String> exported = new TreeSet<>();
        for (String line : scraped.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]")[0]);
            }
        }
        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                // label names stand in "by (...)" and in selectors "{...}": what is left names metrics
                Matcher metric = METRIC.matcher(target.get("expr").asText().replaceAll("by \\([^)]*\\)", "")
                        .replaceAll("\\{[^}]*\\}", ""));
                while (metric.find()) {
                    queried.add(metric.group(1));
                }
            }
        }
        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(exported).as(scraped).containsAll(queried);
        assertThat(scraped).contains("copilot_retry_reason=\"429\"").contains("copilot_rollover_reason=\"maxTurns\"")
                .contains("error_type=\"500\"").doesNotContain(CopilotSimulator.DEFAULT_TOKEN)
                .doesNotContain("First").doesNotContain("ticket-9");
    }

    @Test
    void withoutTheTokenOrASignedInCallerTheMetricsAreRefused() throws Exception {
        HttpResponse<String> anonymous = metrics(null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("gen_ai_");
        HttpResponse<String> wrong = metrics("Bearer not-" + SCRAPE_TOKEN);
        assertThat(wrong.statusCode()).isIn(401, 503); // no app registration to verify a caller's token with
        assertThat(wrong.body()).doesNotContain("gen_ai_");
    }

    @Test
    void spansArePrintedWithTheLoggingExporter() throws Exception {
        await().until(() -> app.log().contains("gen_ai.operation.name"));
        assertThat(app.log()).contains("microsoft.copilot").contains("copilot.request_id")
                .doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
    }
}
