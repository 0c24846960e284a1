package io.github.camelcopilot.internal.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import io.github.camelcopilot.component.CopilotConstants;
import io.github.camelcopilot.simulator.CopilotSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * How often on-behalf-of reaches the token endpoint: 10,000 messages through a {@code copilot:createConversation}
 * endpoint with {@code authMode=onBehalfOf}, first all from one user, then spread round-robin over 100 users, against
 * the simulator (Graph and Entra) with one-hour tokens. The target is one call per user per token lifetime.
 * Not a timed test: run it by hand.
 *
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.camelcopilot.internal.auth.TokenEndpointCallsBenchmark
 * </pre>
 * or with the test classpath from {@code mvn dependency:build-classpath}:
 * {@code java -cp target/classes:target/test-classes:<classpath> io.github.camelcopilot.internal.auth.TokenEndpointCallsBenchmark}.
 */
public final class TokenEndpointCallsBenchmark {

    private static final int MESSAGES = 10_000;
    private static final int IN_FLIGHT = 64;

    private TokenEndpointCallsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : MESSAGES;
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            simulator.acceptTokens(); // only tokens the simulated Entra issued
            simulator.maxRecordedRequests(100);
            System.out.println("Token endpoint calls per " + messages + " messages (on-behalf-of, "
                               + simulator.entra().accessTokenLifetime().toMinutes() + "-minute tokens):");
            for (int users : new int[] { 1, 100 }) {
                simulator.entra().reset();
                simulator.acceptTokens();
                Result result = run(simulator, users, messages);
                System.out.printf(Locale.ROOT, "  %3d user%s: %5d token endpoint calls, %d failed messages, %.1f s%n",
                        users, users == 1 ? " " : "s", result.tokenCalls, result.failures, result.seconds);
            }
        }
    }

    private record Result(int tokenCalls, int failures, double seconds) {
    }

    private static Result run(CopilotSimulator simulator, int users, int messages) throws Exception {
        String clientId = "benchmark-" + UUID.randomUUID(); // a fresh MSAL application and cache per run
        simulator.entra().registerClient(clientId, "benchmark-secret");
        List<String> assertions = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            assertions.add(simulator.entra().issueUserToken("user" + user + "@contoso.test", "api://calling-app"));
        }
        try (CamelContext context = new DefaultCamelContext()) {
            CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
            config.setBaseUrl(simulator.baseUrl());
            config.setClientId(clientId);
            config.setClientSecret("benchmark-secret");
            config.setAuthority("https://login.fake.test/" + UUID.randomUUID() + "/");
            config.setAuthorityEndpoint(simulator.authorityEndpoint());
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            int before = simulator.entra().tokenRequestCount();
            long started = System.nanoTime();
            int failures = 0;
            List<CompletableFuture<Exchange>> inFlight = new ArrayList<>();
            for (int message = 0; message < messages; message++) {
                String assertion = assertions.get(message % users);
                inFlight.add(template.asyncSend("copilot:createConversation",
                        exchange -> exchange.getMessage().setHeader(CopilotConstants.USER_ASSERTION, assertion)));
                if (inFlight.size() == IN_FLIGHT || message == messages - 1) {
                    for (CompletableFuture<Exchange> sent : inFlight) {
                        if (sent.join().getException() != null) {
                            failures++;
                        }
                    }
                    inFlight.clear();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(simulator.entra().tokenRequestCount() - before, failures, seconds);
        }
    }
}
