package io.github.camelcopilot.component;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.internal.auth.DeviceCodeLogin;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each sign-in mode from a YAML route, as docs/sign-in.md shows them, against the simulator (Graph and Entra): only the
 * simulated Entra's delegated tokens are accepted here.
 */
class CopilotSignInYamlRouteTest extends CopilotTestSupport {

    private static final String TOKEN_CACHE_ROUTE = """
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: copilot:chat
                            parameters:
                              clientId: "{{copilot.clientId}}"
                              authority: "{{copilot.authority}}"
                              authorityEndpoint: "{{copilot.authorityEndpoint}}"
                              tokenCacheFile: "{{copilot.tokenCacheFile}}"
                              account: adele@contoso.test
                """;

    @TempDir
    Path folder;
    private final String clientId = "yaml-client-" + UUID.randomUUID();
    private final String tenant = "yaml-tenant-" + UUID.randomUUID();

    @BeforeEach
    void onlyEntraTokens() {
        simulator().acceptTokens();
        context.getPropertiesComponent().addOverrideProperty("copilot.clientSecret", "yaml-secret");
        context.getPropertiesComponent().addOverrideProperty("copilot.authority", "https://login.fake.test/" + tenant);
        context.getPropertiesComponent().addOverrideProperty("copilot.authorityEndpoint",
                simulator().authorityEndpoint());
        context.getPropertiesComponent().addOverrideProperty("copilot.clientId", clientId);
    }

    private void load(String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("sign-in.yaml", yaml));
    }

    private void assertAnswered(Exchange done, String prompt) {
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor(prompt));
    }

    @Test
    void onBehalfOf() throws Exception {
        simulator().entra().registerClient(clientId, "yaml-secret");
        load("""
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - setHeader:
                            name: CamelCopilotUserAssertion
                            simple: "${header.callerToken}"
                        - removeHeader:
                            name: callerToken
                        - to:
                            uri: copilot:chat
                            parameters:
                              authMode: onBehalfOf
                              clientId: "{{copilot.clientId}}"
                              clientSecret: "{{copilot.clientSecret}}"
                              authority: "{{copilot.authority}}"
                              authorityEndpoint: "{{copilot.authorityEndpoint}}"
                """);
        String callerToken = simulator().entra().issueUserToken("adele@contoso.test", "api://my-api");

        Exchange done = template.send("direct:ask", exchange -> {
            exchange.getMessage().setBody("Summarise my week");
            exchange.getMessage().setHeader("callerToken", callerToken);
        });

        assertAnswered(done, "Summarise my week");
        assertThat(simulator().entra().tokenRequestCount("urn:ietf:params:oauth:grant-type:jwt-bearer")).isEqualTo(1);
    }

    @Test
    void tokenCache() throws Exception {
        Path cache = folder.resolve("copilot-tokens.json");
        DeviceCodeLogin.login(simulator(), clientId, tenant, cache, "adele@contoso.test");
        context.getPropertiesComponent().addOverrideProperty("copilot.tokenCacheFile", cache.toString());
        load(TOKEN_CACHE_ROUTE);

        assertAnswered(template.send("direct:ask", exchange -> exchange.getMessage().setBody("What is new?")),
                "What is new?");
    }

    @Test
    void aRevokedSignInReachesTheRoutesOnExceptionWithSignInRequired() throws Exception {
        Path cache = folder.resolve("revoked-tokens.json");
        simulator().entra().accessTokenLifetime(java.time.Duration.ofSeconds(120)); // every call refreshes
        DeviceCodeLogin.login(simulator(), clientId, tenant, cache, "adele@contoso.test");
        simulator().entra().revokeRefreshTokens("adele@contoso.test");
        context.getPropertiesComponent().addOverrideProperty("copilot.tokenCacheFile", cache.toString());
        load("""
                - onException:
                    exception:
                      - io.github.camelcopilot.auth.CopilotSignInException
                    onWhen:
                      simple: "${exception.cause.signInRequired}"
                    handled:
                      constant: true
                    steps:
                      - setBody:
                          simple: "sign in again (${exception.cause.errorCode})"
                """ + TOKEN_CACHE_ROUTE);

        Exchange done = template.send("direct:ask", exchange -> exchange.getMessage().setBody("What is new?"));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("sign in again (invalid_grant)");
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void provider() throws Exception {
        String token = simulator().entra().issueUserToken("adele@contoso.test", "https://graph.microsoft.com");
        CopilotTokenProvider vault = request -> CompletableFuture.completedFuture(token);
        context.getRegistry().bind("myTokens", vault);
        load("""
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: copilot:chat
                            parameters:
                              tokenProvider: "#myTokens"
                """);

        assertAnswered(template.send("direct:ask", exchange -> exchange.getMessage().setBody("Hi")), "Hi");
    }

    @Test
    void accessTokenHeader() throws Exception {
        String token = simulator().entra().issueUserToken("adele@contoso.test", "https://graph.microsoft.com");
        load("""
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to: copilot:chat?authMode=accessToken
                """);

        assertAnswered(template.send("direct:ask", exchange -> {
            exchange.getMessage().setBody("Hi");
            exchange.getMessage().setHeader(CopilotConstants.ACCESS_TOKEN, token);
        }), "Hi");
    }
}
