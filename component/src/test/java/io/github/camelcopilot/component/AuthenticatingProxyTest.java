package io.github.camelcopilot.component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.internal.client.ProxyRefusedException;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.simulator.SimulatorTransport;
import io.github.camelcopilot.simulator.WireProtocol;
import io.github.camelcopilot.client.FailureKind;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a real authenticating proxy (Debian's tinyproxy: Basic, CONNECT) in front of the TLS + HTTP/2 simulator,
 * whose certificate is trusted through Camel's {@link SSLContextParameters}: the API answers at
 * {@code https://localhost:<port>} and the token endpoint at {@code https://127.0.0.1:<port>}, so the proxy's log
 * tells the two apart.
 */
class AuthenticatingProxyTest {

    private static final String USER = "corp-user";
    /** tinyproxy takes letters, digits, '.', '_' and '-' only (percent-encoding is ProxyResolverTest's). */
    private static final String PASSWORD = "pr0xy.s3cret_Pa55-" + UUID.randomUUID();

    private CopilotSimulator simulator;
    private Tinyproxy proxy;
    private CamelContext camel;
    private ProducerTemplate template;
    private CopilotComponent copilot;
    private final String clientId = "proxy-client-" + UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        simulator = CopilotSimulator.start(0, SimulatorTransport.tls());
        proxy = Tinyproxy.start(USER, PASSWORD, simulator.port());
        camel = new DefaultCamelContext();
        copilot = new CopilotComponent();
        copilot.getConfiguration().setBaseUrl(simulator.baseUrl());
        copilot.getConfiguration().setSslContextParameters(Http2ProductionPathTest.trusting());
        copilot.setEnvironment(Map.of()); // whatever the build's environment holds stays out of these tests
        camel.addComponent("copilot", copilot);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private String api() {
        return "localhost:" + simulator.port();
    }

    private String tokenEndpoint() {
        return "127.0.0.1:" + simulator.port();
    }

    /** On-behalf-of sign-in against the simulated Entra at 127.0.0.1 (the API stays at localhost). */
    private String signInOptions() {
        simulator.acceptTokens(); // only the simulated Entra's tokens
        simulator.entra().registerClient(clientId, "s3cret");
        return "clientSecret=RAW(s3cret)&clientId=" + clientId + "&authority=https://login.fake.test/tenant-"
               + UUID.randomUUID() + "/&authorityEndpoint=https://" + tokenEndpoint();
    }

    private String proxyOptions(String password) {
        copilot.getConfiguration().setProxyPassword(password); // a secret: on the component, not in the URI
        return "proxyHost=127.0.0.1&proxyPort=" + proxy.port() + "&proxyUser=" + USER;
    }

    private Exchange send(String uri, String prompt, String assertion) {
        return template.send(uri, exchange -> {
            exchange.getMessage().setBody(prompt);
            if (assertion != null) {
                exchange.getMessage().setHeader(CopilotConstants.USER_ASSERTION, assertion);
            }
        });
    }

    private String assertion() {
        return simulator.entra().issueUserToken("adele@contoso.test", "api://calling-app");
    }

    private void assertChatAndStreamAnswered(String options) {
        String assertion = assertion();
        Exchange chat = send("copilot:chat?" + options, "Through the proxy", assertion);
        assertThat(chat.getException()).isNull();
        assertThat(chat.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Through the proxy"));
        Exchange stream = send("copilot:chatOverStream?streamMode=final&" + options, "Streamed through", assertion);
        assertThat(stream.getException()).isNull();
        assertThat(stream.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Streamed through"));
    }

    @Test
    void chatStreamAndSignInGoThroughTheProxyWithTheDocumentedOptionsAlone() {
        assertChatAndStreamAnswered(signInOptions() + "&" + proxyOptions(PASSWORD));

        assertThat(proxy.connectionsTo(api())).as("API tunnels").isPositive();
        assertThat(proxy.connectionsTo(tokenEndpoint())).as("token endpoint tunnels").isPositive();
        assertThat(simulator.entra().tokenRequestCount()).isEqualTo(1);
        // every connection the service accepted came through the proxy
        int accepted = simulator.connections(WireProtocol.HTTP_2).connections()
                       + simulator.connections(WireProtocol.HTTP_1_1).connections();
        assertThat(accepted).isEqualTo((int) (proxy.connectionsTo(api()) + proxy.connectionsTo(tokenEndpoint())));
        assertThat(simulator.connections(WireProtocol.HTTP_2).connections()).as("HTTP/2 through the tunnel")
                .isPositive();
    }

    @Test
    void aWrongPasswordFailsNamingTheProxyUnsentAndIsNeitherRetriedNorTakenForARefusedToken() {
        String wrong = "wrong-" + PASSWORD;
        Exchange done = send("copilot:chat?accessToken=RAW(" + CopilotSimulator.DEFAULT_TOKEN + ")&"
                             + proxyOptions(wrong), "Refused", null);

        // The one test of the documented proxy refusal message: it names the proxy and what to check.
        assertThat(done.getException()).isInstanceOf(CopilotException.class)
                .hasMessageContaining("the proxy 127.0.0.1:" + proxy.port())
                .hasMessageContaining("refused the CONNECT tunnel to " + api())
                .hasMessageContaining("proxyUser and proxyPassword")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(PASSWORD)
                .hasRootCauseInstanceOf(ProxyRefusedException.class);
        CopilotException failure = (CopilotException) done.getException();
        assertThat(failure.isPossiblyProcessed()).isFalse();
        assertThat(failure.getFailureKind()).isEqualTo(FailureKind.PROXY_REFUSED);
        assertThat(failure.getAttempts()).isEqualTo(1);
        assertThat(failure).isNotInstanceOf(io.github.camelcopilot.client.CopilotAuthenticationException.class);
        assertThat(simulator.requestCount()).isZero();
        // one CONNECT to be challenged, one with the wrong credentials: no retry, no second token
        assertThat(proxy.connectRequestsFor(api())).isEqualTo(2);
    }

    @Test
    void aWrongPasswordOnTheWayToTheTokenEndpointFailsNamingTheProxy() {
        Exchange done = send("copilot:chat?" + signInOptions() + "&" + proxyOptions("wrong-" + PASSWORD),
                "Refused", assertion());

        assertThat(done.getException()).isInstanceOf(CopilotException.class)
                .hasMessageContaining("no answer from the token endpoint")
                .hasMessageContaining("the proxy 127.0.0.1:" + proxy.port())
                .hasMessageContaining("refused the CONNECT tunnel to " + tokenEndpoint())
                .hasMessageContaining("proxyUser and proxyPassword")
                .hasMessageNotContaining(PASSWORD);
        assertThat(simulator.entra().tokenRequestCount()).isZero();
    }

    /** A cold burst shares HTTP/2 tunnels; through a refusing proxy every call of it fails at once, none hangs. */
    @Test
    void aBurstSharesTunnelsAndABurstRefusedFailsAtOnce() throws Exception {
        String token = "accessToken=RAW(" + CopilotSimulator.DEFAULT_TOKEN + ")&";
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(template.asyncSend("copilot:chat?" + token + proxyOptions(PASSWORD),
                    exchange -> exchange.getMessage().setBody("Burst")));
        }
        for (CompletableFuture<Exchange> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(proxy.connectionsTo(api())).as("tunnels for 40 calls").isBetween(1L, 4L);

        CopilotComponent refused = new CopilotComponent();
        refused.setConfiguration(copilot.getConfiguration().copy());
        refused.getConfiguration().setProxyPassword("wrong-" + PASSWORD);
        refused.setEnvironment(Map.of());
        camel.addComponent("refused", refused);
        long started = System.nanoTime();
        calls.clear();
        for (int i = 0; i < 20; i++) {
            calls.add(template.asyncSend("refused:chat?" + token + "proxyHost=127.0.0.1&proxyPort=" + proxy.port()
                                         + "&proxyUser=" + USER, exchange -> exchange.getMessage().setBody("No")));
        }
        for (CompletableFuture<Exchange> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS).getException()).hasRootCauseInstanceOf(
                    ProxyRefusedException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    private Map<String, String> httpsProxyWithCredentials() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HTTPS_PROXY", "http://" + USER + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                                       + "@127.0.0.1:" + proxy.port());
        return environment;
    }

    @Test
    void theEnvironmentsHttpsProxyWithCredentialsInItsUrlIsUsedWithoutAnyOption() {
        copilot.setEnvironment(httpsProxyWithCredentials());

        assertChatAndStreamAnswered(signInOptions());

        assertThat(proxy.connectionsTo(api())).isPositive();
        assertThat(proxy.connectionsTo(tokenEndpoint())).isPositive();
    }

    /** The API is at localhost, the token endpoint at 127.0.0.1: a range covers addresses, never names. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "example.com, .localhost; false; true",
            "127.0.0.0/8; true; false",
            "localhost 127.0.0.1; false; false" })
    void noProxyNamesTheHostsReachedDirectlyAsCurlReadsIt(String noProxy, boolean apiProxied,
                                                          boolean tokenEndpointProxied) {
        Map<String, String> environment = httpsProxyWithCredentials();
        environment.put("NO_PROXY", noProxy);
        copilot.setEnvironment(environment);

        assertChatAndStreamAnswered(signInOptions());

        assertThat(proxy.connectionsTo(api()) > 0).as("the API through the proxy").isEqualTo(apiProxied);
        assertThat(proxy.connectionsTo(tokenEndpoint()) > 0).as("the token endpoint through the proxy")
                .isEqualTo(tokenEndpointProxied);
    }

    @Test
    void theProxyInUseAndWhereItCameFromAreShownWithoutItsPassword() {
        copilot.setEnvironment(httpsProxyWithCredentials());
        CopilotEndpoint endpoint = camel.getEndpoint("copilot:chat?" + signInOptions(), CopilotEndpoint.class);
        endpoint.init();

        String connection = endpoint.connection().toString();
        assertThat(connection).contains("127.0.0.1:" + proxy.port(), "HTTPS_PROXY in the environment", USER)
                .doesNotContain(PASSWORD).doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
        assertThat(endpoint.connection().proxy().describe(java.net.URI.create(simulator.baseUrl())))
                .isEqualTo(api() + " through the proxy 127.0.0.1:" + proxy.port()
                           + " (from HTTPS_PROXY in the environment, Basic user " + USER + ")");
    }
}
