package io.github.camelcopilot.component;

import java.util.UUID;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.internal.client.ProxyRefusedException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a corporate proxy: the Graph calls and the token endpoint's (MSAL over the component's HTTP client) both go
 * through a real authenticating proxy on loopback, and its password shows nowhere.
 */
class CorporateProxyTest extends CopilotTestSupport {

    private static final String PROXY_PASSWORD = "pr0xy-s3cret-Pa55";

    private final String clientId = "proxy-client-" + UUID.randomUUID();
    private final String tenant = "proxy-tenant-" + UUID.randomUUID();

    private static String proxyOptions(ForwardingProxy proxy) {
        return "proxyHost=127.0.0.1&proxyPort=" + proxy.port() + "&proxyUser=corp-user";
    }

    @Test
    void graphAndTokenEndpointCallsGoThroughTheAuthenticatingProxy() throws Exception {
        context.getComponent("copilot", CopilotComponent.class).getConfiguration().setProxyPassword(PROXY_PASSWORD);
        simulator().acceptTokens(); // only the simulated Entra's tokens
        simulator().entra().registerClient(clientId, "s3cret");
        String assertion = simulator().entra().issueUserToken("adele@contoso.test", "api://calling-app");
        try (ForwardingProxy proxy = new ForwardingProxy("corp-user", PROXY_PASSWORD)) {
            String uri = "copilot:chat?clientSecret=RAW(s3cret)&clientId=" + clientId + "&authority=https://login.fake.test/"
                         + tenant + "/&authorityEndpoint=" + simulator().authorityEndpoint() + "&"
                         + proxyOptions(proxy);

            Exchange done = template.send(uri, exchange -> {
                exchange.getMessage().setBody("Through the proxy");
                exchange.getMessage().setHeader(CopilotConstants.USER_ASSERTION, assertion);
            });

            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Through the proxy"));
            assertThat(proxy.forwarded()).extracting(ForwardingProxy.Seen::target)
                    .anyMatch(target -> target.contains("/oauth2/v2.0/token"))
                    .anyMatch(target -> target.endsWith("/copilot/conversations"))
                    .anyMatch(target -> target.endsWith("/chat"));
            // nothing reached the simulator except through the proxy
            assertThat(proxy.forwarded().stream().filter(seen -> !seen.target().contains("/oauth2/"))).hasSize(
                    (int) simulator().requestCount());
            assertThat(simulator().entra().tokenRequestCount()).isEqualTo(1);

            CopilotEndpoint endpoint = context.getEndpoint(uri, CopilotEndpoint.class);
            assertThat(String.join(" ", endpoint.toString(), endpoint.getEndpointUri(),
                    endpoint.getConfiguration().toString(), endpoint.connection().toString()))
                    .contains("127.0.0.1:" + proxy.port()).doesNotContain(PROXY_PASSWORD);
        }
    }

    @Test
    void aProxyRefusingTheCredentialsFailsTheCallAndNothingReachesTheService() throws Exception {
        context.getComponent("copilot", CopilotComponent.class).getConfiguration().setProxyPassword("wrong");
        try (ForwardingProxy proxy = new ForwardingProxy("corp-user", PROXY_PASSWORD)) {
            Exchange done = template.send("copilot:createConversation?maxRetries=0&" + proxyOptions(proxy),
                    exchange -> { });

            assertThat(done.getException()).isInstanceOf(CopilotException.class).hasMessageNotContaining("wrong")
                    .hasRootCauseInstanceOf(ProxyRefusedException.class);
            assertThat(done.getException(CopilotException.class).getFailureKind()).isEqualTo(FailureKind.PROXY_REFUSED);
            assertThat(((ProxyRefusedException) done.getException().getCause()).status()).isEqualTo(407);
            assertThat(proxy.seen()).isNotEmpty().noneMatch(ForwardingProxy.Seen::authorized);
            assertThat(simulator().requestCount()).isZero();
        }
    }

    @Test
    void aProxyHostWithoutItsPortIsRefusedAtStart() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> context.getEndpoint(
                "copilot:chat?proxyHost=proxy.corp.example", CopilotEndpoint.class).init()))
                .hasStackTraceContaining("proxyHost needs a proxyPort");
    }
}
