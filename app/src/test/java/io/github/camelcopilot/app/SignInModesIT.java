package io.github.camelcopilot.app;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The on-behalf-of and provider sign-in modes from YAML routes run by the app jar against the simulator, whose
 * Graph takes only the delegated tokens of its Entra (tokenCache and login: LoginCommandIT; accessToken: AppJarIT).
 */
class SignInModesIT {

    private static final String ROUTES = """
            # on-behalf-of: the caller's own token arrives as the HTTP bearer token and is exchanged for a Graph token
            - route:
                id: ask-as-caller
                from:
                  uri: platform-http:/ask-as-caller
                  parameters:
                    httpMethodRestrict: POST
                  steps:
                    - setHeader:
                        name: CamelCopilotUserAssertion
                        simple: "${header.Authorization.replaceFirst('Bearer ', '')}"
                    - removeHeader:
                        name: Authorization
                    - convertBodyTo: String
                    - to:
                        uri: copilot:chat
                        parameters:
                          authMode: onBehalfOf
                          clientId: "{{copilot.clientId}}"
                          clientSecret: "{{copilot.clientSecret}}"
                          authority: "{{copilot.authority}}"
                          authorityEndpoint: "{{copilot.authorityEndpoint}}"
            # provider: a CopilotTokenProvider bean of the user's (camel.beans.*), autowired
            - route:
                id: ask-with-provider
                from:
                  uri: platform-http:/ask-with-provider
                  parameters:
                    httpMethodRestrict: POST
                  steps:
                    - convertBodyTo: String
                    - to: copilot:chat?authMode=provider
            """;

    @Test
    void onBehalfOfAndProviderRoutesAnswerThroughTheAppJar(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sign-in.yaml"), ROUTES);
        String clientId = "app-it-" + UUID.randomUUID();
        String tenant = "tenant-" + UUID.randomUUID();
        int httpPort = AppProcess.freePort();
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            simulator.acceptTokens(); // only the simulated Entra's delegated tokens
            simulator.entra().registerClient(clientId, "app-it-secret");
            String providerToken = simulator.entra().issueUserToken("megan@contoso.test", "https://graph.microsoft.com");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dcamel.main.routesIncludePattern=file:sign-in.yaml",
                    "-Dcamel.component.copilot.baseUrl=" + simulator.baseUrl(),
                    "-Dcopilot.clientId=" + clientId,
                    "-Dcopilot.clientSecret=app-it-secret",
                    "-Dcopilot.authority=https://login.fake.test/" + tenant + "/",
                    "-Dcopilot.authorityEndpoint=" + simulator.authorityEndpoint(),
                    "-Dcamel.beans.myTokens=#class:" + SystemPropertyTokenProvider.class.getName(),
                    "-Dtest.copilot.token=" + providerToken,
                    "-Dcamel.server.port=" + httpPort,
                    "-Dcopilot.broker.port=" + AppProcess.freePort(),
                    // the app jar plus the user's own classes, as a user adds a provider of theirs
                    "-cp", new File(System.getProperty("app.jar", "target/camel-copilot-app.jar")).getAbsolutePath()
                           + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
                    CopilotApp.class.getName());
            Path log = dir.resolve("app.log");
            Process app = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !app.isAlive()
                                                                    || Files.readString(log).contains("camel-copilot is running"));
                assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
                HttpClient http = HttpClient.newHttpClient();

                String callerToken = simulator.entra().issueUserToken("adele@contoso.test", "api://my-service");
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> asCaller = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + httpPort + "/ask-as-caller"))
                            .header("Authorization", "Bearer " + callerToken).header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString("As the caller " + i)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(asCaller.statusCode()).as(asCaller.body()).isEqualTo(200);
                    assertThat(asCaller.body()).isEqualTo(SimulatorReplies.replyFor("As the caller " + i));
                }
                // one exchange at the token endpoint for the caller; the next messages were served from MSAL's cache
                assertThat(simulator.entra().tokenRequestCount("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                        .isEqualTo(1);

                HttpResponse<String> withProvider = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + httpPort + "/ask-with-provider"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("From my vault")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(withProvider.statusCode()).as(withProvider.body()).isEqualTo(200);
                assertThat(withProvider.body()).isEqualTo(SimulatorReplies.replyFor("From my vault"));

                String output = Files.readString(log);
                // the routes here are the user's own; the app's HTTP routes would refuse callers until configured
                assertThat(output).contains("sign-in is not configured: set copilot.http.auth.clientId");
                assertThat(output).doesNotContain(callerToken).doesNotContain(providerToken)
                        .doesNotContain("app-it-secret");
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
    }
}
