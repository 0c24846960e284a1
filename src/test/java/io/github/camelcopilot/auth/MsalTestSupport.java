package io.github.camelcopilot.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.camelcopilot.simulator.CopilotSimulator;

/**
 * Real MSAL4J against the simulator's Entra over loopback: a port-less, never-resolved https authority
 * ({@code https://login.fake.test/<tenant>/}) whose requests {@link MsalHttpClient} sends to the simulator.
 * <p>
 * MSAL keeps static caches (interaction-required failures, throttling) across application objects, so every
 * application here gets its own client id and tenant.
 */
final class MsalTestSupport {

    static final List<String> GRAPH_SCOPES = List.of("https://graph.microsoft.com/.default");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "msal-test");
        thread.setDaemon(true);
        return thread;
    });

    private MsalTestSupport() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static MsalAppSettings onBehalfOf(CopilotSimulator simulator, String clientId, String secret) {
        return new MsalAppSettings(MsalAppSettings.Kind.ON_BEHALF_OF, clientId,
                "https://login.fake.test/" + unique("tenant") + "/", URI.create(simulator.authorityEndpoint()), secret,
                null, null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    static MsalAppSettings tokenCache(CopilotSimulator simulator, String clientId, String tenant, Path file,
                                      String account) {
        return new MsalAppSettings(MsalAppSettings.Kind.TOKEN_CACHE, clientId, "https://login.fake.test/" + tenant + "/",
                URI.create(simulator.authorityEndpoint()), null, null, null, file, account, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }
}
