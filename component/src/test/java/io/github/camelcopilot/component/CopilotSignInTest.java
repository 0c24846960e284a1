package io.github.camelcopilot.component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.internal.auth.DeviceCodeLogin;
import io.github.camelcopilot.internal.auth.OnBehalfOfTokenProvider;
import io.github.camelcopilot.internal.auth.TokenCacheTokenProvider;
import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotInvalidInputException;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.client.CopilotException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sign-in modes end to end: routes, real MSAL4J and the simulator's Entra and Graph over loopback. */
class CopilotSignInTest extends CopilotTestSupport {

    @TempDir
    Path folder;

    /** Distinct per test: MSAL's static caches outlive the application objects. */
    private final String clientId = "client-" + UUID.randomUUID();
    private final String tenant = "tenant-" + UUID.randomUUID();

    private String msalOptions() {
        return "clientId=" + clientId + "&authority=https://login.fake.test/" + tenant + "/&authorityEndpoint="
               + simulator().authorityEndpoint();
    }

    private Exchange send(String uri, String assertion) {
        return template.send(uri, exchange -> {
            if (assertion != null) {
                exchange.getMessage().setHeader(CopilotConstants.USER_ASSERTION, assertion);
            }
        });
    }

    @Test
    void onBehalfOfExchangesEachUsersTokenOnceAndServesRepeatsFromTheCache() throws Exception {
        simulator().acceptTokens(); // only the simulated Entra's tokens from here on
        simulator().entra().registerClient(clientId, "s3cret");
        String uri = "copilot:createConversation?clientSecret=RAW(s3cret)&" + msalOptions();
        String adele = simulator().entra().issueUserToken("adele@contoso.test", "api://calling-app");
        String bob = simulator().entra().issueUserToken("bob@contoso.test", "api://calling-app");

        for (int i = 0; i < 3; i++) {
            Exchange done = send(uri, adele);
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getBody()).isInstanceOf(CopilotConversation.class);
            assertThat(done.getMessage().getHeaders()).doesNotContainKey(CopilotConstants.USER_ASSERTION);
        }
        assertThat(send(uri, bob).getException()).isNull();

        assertThat(simulator().entra().tokenRequestCount()).isEqualTo(2);
        assertThat(simulator().requests()).extracting(request -> request.header("authorization"))
                .doesNotContain("Bearer " + adele, "Bearer " + bob)
                .allMatch(value -> value.startsWith("Bearer sim-at."));
        assertThat(context.getEndpoint(uri, CopilotEndpoint.class).tokenProvider())
                .isInstanceOf(OnBehalfOfTokenProvider.class);
    }

    @Test
    void onBehalfOfWithoutTheAssertionHeaderIsRefusedBeforeAnythingIsSent() {
        String uri = "copilot:createConversation?clientSecret=RAW(s3cret)&" + msalOptions();
        Exchange done = send(uri, null);
        assertThat(done.getException()).isInstanceOf(CopilotInvalidInputException.class)
                .hasMessageContaining("CamelCopilotUserAssertion");
        assertThat(simulator().entra().tokenRequestCount()).isZero();
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void endpointsWithTheSameSignInShareOneMsalApplication() {
        String options = "clientSecret=RAW(s3cret)&" + msalOptions();
        var chat = context.getEndpoint("copilot:chat?" + options, CopilotEndpoint.class);
        var create = context.getEndpoint("copilot:createConversation?" + options, CopilotEndpoint.class);
        chat.init();
        create.init();
        assertThat(chat.tokenProvider()).isSameAs(create.tokenProvider());
    }

    @Test
    void a401RenewsTheTokenAndRetriesOnce() {
        simulator().acceptTokens();
        String uri = "copilot:createConversation?clientSecret=RAW(s3cret)&" + msalOptions();
        String adele = simulator().entra().issueUserToken("adele@contoso.test", "api://calling-app");
        assertThat(send(uri, adele).getException()).isNull();
        // Revoked at the API (continuous access evaluation) while MSAL still holds it as valid.
        simulator().entra().revokeAccessTokens("adele@contoso.test");

        Exchange done = send(uri, adele);

        assertThat(done.getException()).isNull();
        assertThat(simulator().entra().tokenRequestCount()).isEqualTo(2);
        var requests = simulator().requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).header("authorization")).isNotEqualTo(requests.get(1).header("authorization"));
    }

    @Test
    void aSecond401FailsTheCall() throws Exception {
        // A provider whose every fresh token is refused too.
        CopilotTokenProvider refusedEveryTime = request -> CompletableFuture.completedFuture("unknown-" + UUID.randomUUID());
        context.getRegistry().bind("refused", refusedEveryTime);

        Exchange done = send("copilot:createConversation?tokenProvider=#refused", null);

        assertThat(done.getException()).isInstanceOf(CopilotAuthenticationException.class);
        assertThat(simulator().requestCount()).isEqualTo(2);
    }

    @Test
    void aRefusedTokenFromTheMessageIsNotSentAgain() {
        Exchange done = template.send("copilot:createConversation",
                exchange -> exchange.getMessage().setHeader(CopilotConstants.ACCESS_TOKEN, "stale-token"));

        assertThat(done.getException()).isInstanceOf(CopilotAuthenticationException.class);
        assertThat(simulator().requestCount()).isEqualTo(1);
    }

    @Test
    void appOnlyTokensAreRefusedLikeTheRealService() {
        String appOnly = simulator().entra().issueAppOnlyToken("daemon", "https://graph.microsoft.com");
        Exchange done = template.send("copilot:createConversation",
                exchange -> exchange.getMessage().setHeader(CopilotConstants.ACCESS_TOKEN, appOnly));
        assertThat(done.getException(CopilotException.class).getStatusCode()).isEqualTo(403);
    }

    @Test
    void tokenCacheSignsInSilentlyAfterLoginAndARevokedSignInFailsAtOnce() {
        simulator().acceptTokens();
        simulator().entra().accessTokenLifetime(Duration.ofSeconds(120)); // every call refreshes
        Path cache = folder.resolve("cache.json");
        DeviceCodeLogin.login(simulator(), clientId, tenant, cache, "adele@contoso.test");
        String uri = "copilot:createConversation?tokenCacheFile=" + cache + "&" + msalOptions();

        assertThat(send(uri, null).getException()).isNull();
        assertThat(context.getEndpoint(uri, CopilotEndpoint.class).tokenProvider())
                .isInstanceOf(TokenCacheTokenProvider.class);

        simulator().entra().revokeRefreshTokens("adele@contoso.test");
        int tokenRequests = simulator().entra().tokenRequestCount();
        long apiRequests = simulator().requestCount();
        Exchange failed = send(uri, null);

        assertThat(failed.getException()).isInstanceOf(CopilotAuthenticationException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("AADSTS50173")
                .hasMessageContaining("the login command of your application")
                .hasMessageNotContaining("camel-copilot-app.jar")
                .cause().isInstanceOf(CopilotSignInException.class)
                .satisfies(cause -> assertThat(((CopilotSignInException) cause).isSignInRequired()).isTrue())
                .satisfies(cause -> assertThat(((CopilotSignInException) cause).getErrorCode())
                        .isEqualTo("invalid_grant"));
        assertThat(simulator().entra().tokenRequestCount()).isEqualTo(tokenRequests + 1);
        assertThat(simulator().requestCount()).isEqualTo(apiRequests);
    }

    @Test
    void aRouteOnExceptionForSignInRequiredHandlesARevokedSignIn() throws Exception {
        simulator().acceptTokens();
        Path cache = folder.resolve("revoked.json");
        simulator().entra().accessTokenLifetime(Duration.ofSeconds(120)); // every call refreshes
        DeviceCodeLogin.login(simulator(), clientId, tenant, cache, "carol@contoso.test");
        simulator().entra().revokeRefreshTokens("carol@contoso.test");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(CopilotSignInException.class)
                        .onWhen(exchange -> exchange.getException(CopilotSignInException.class).isSignInRequired())
                        .handled(true)
                        .setBody(exchange -> "sign-in required: "
                                             + exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)
                                                     .getCause().getMessage());
                from("direct:revoked").to("copilot:chat?tokenCacheFile=" + cache + "&" + msalOptions());
            }
        });

        Exchange done = template.send("direct:revoked", exchange -> exchange.getMessage().setBody("Hi"));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).startsWith("sign-in required: ")
                .contains("AADSTS").contains("invalid_grant");
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void theKeepAliveRefreshesAnIdleTokenCacheSignIn() throws Exception {
        // Not in the @TempDir: the keep-alive may still be rewriting the cache while JUnit deletes that folder.
        Path cache = java.nio.file.Files.createTempDirectory("copilot-keep-alive").resolve("keep-alive.json");
        cache.getParent().toFile().deleteOnExit();
        DeviceCodeLogin.login(simulator(), clientId, tenant, cache, "idle@contoso.test");
        int refreshes = simulator().entra().tokenRequestCount("refresh_token");

        context.getEndpoint("copilot:chat?tokenKeepAlive=200&tokenCacheFile=" + cache + "&" + msalOptions(),
                CopilotEndpoint.class).init();

        // No message is sent: only the schedule refreshes.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> simulator().entra().tokenRequestCount("refresh_token") >= refreshes + 2);
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void incompleteOrContradictorySignInFailsAtStartNamingTheOption() {
        assertStartFails("copilot:chat?clientSecret=top-secret-value&tenantId=t", "needs clientId");
        assertStartFails("copilot:chat?clientSecret=top-secret-value&clientId=c", "needs tenantId (or authority)");
        assertStartFails("copilot:chat?authMode=onBehalfOf&clientId=c&tenantId=t", "clientSecret or certificateFile");
        assertStartFails("copilot:chat?authMode=tokenCache&clientId=c&tenantId=t", "needs tokenCacheFile");
        assertStartFails("copilot:chat?clientSecret=top-secret-value&tokenCacheFile=f.json&clientId=c&tenantId=t",
                "imply several sign-in modes");
        assertStartFails("copilot:chat?clientSecret=top-secret-value&clientId=c&authority=https://login.fake.test:8443/t/",
                "must not have a port");
        assertStartFails("copilot:chat?clientSecret=top-secret-value&clientId=c&tenantId=t&authorityEndpoint=http://idp.example.com",
                "not loopback");
    }

    private void assertStartFails(String uri, String message) {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + UUID.randomUUID()).to(uri);
            }
        })).hasStackTraceContaining(message).hasStackTraceContaining("Invalid copilot endpoint configuration")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("top-secret-value"));
    }

    @Test
    void onlyTheOptionsNameTheModeWhenNoneIsSet() {
        CopilotConfiguration config = new CopilotConfiguration();
        assertThat(SignInOptions.modeOf(config)).isEqualTo(CopilotAuthMode.accessToken);
        config.setCertificateFile("app.p12");
        assertThat(SignInOptions.modeOf(config)).isEqualTo(CopilotAuthMode.onBehalfOf);
        config.setCertificateFile(null);
        config.setTokenCacheFile("cache.json");
        assertThat(SignInOptions.modeOf(config)).isEqualTo(CopilotAuthMode.tokenCache);
        config.setTokenCacheFile(null);
        config.setTokenProvider(request -> null);
        assertThat(SignInOptions.modeOf(config)).isEqualTo(CopilotAuthMode.provider);
    }
}
