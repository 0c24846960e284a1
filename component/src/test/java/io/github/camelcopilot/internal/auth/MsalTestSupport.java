package io.github.camelcopilot.internal.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.camelcopilot.internal.client.HttpTransport;
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
    static final SignInHttp HTTP = HttpTransport.standalone(Duration.ofSeconds(5), "MsalTestSupport-io").signInHttp();
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
        return onBehalfOf(simulator, clientId, secret, null, null);
    }

    static MsalAppSettings onBehalfOf(CopilotSimulator simulator, String clientId, String secret, Path certificate,
                                      String certificatePassword) {
        return new MsalAppSettings(MsalAppSettings.Kind.ON_BEHALF_OF, clientId,
                "https://login.fake.test/" + unique("tenant") + "/", URI.create(simulator.authorityEndpoint()), secret,
                certificate, certificatePassword, null, null, Duration.ofSeconds(10));
    }

    /** A self-signed client certificate and its key in a PKCS#12 file, made with the JDK's keytool. */
    static Path pkcs12(Path folder, String password) throws Exception {
        Path file = folder.resolve("client-" + UUID.randomUUID() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "copilot-client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=camel-copilot-test", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return file;
    }

    static MsalAppSettings tokenCache(CopilotSimulator simulator, String clientId, String tenant, Path file,
                                      String account) {
        return new MsalAppSettings(MsalAppSettings.Kind.TOKEN_CACHE, clientId, "https://login.fake.test/" + tenant + "/",
                URI.create(simulator.authorityEndpoint()), null, null, null, file, account,
                Duration.ofSeconds(10));
    }
}
