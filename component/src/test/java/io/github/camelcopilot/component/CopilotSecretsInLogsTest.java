package io.github.camelcopilot.component;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelcopilot.internal.auth.DeviceCodeLogin;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorTransport;
import org.apache.camel.Exchange;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every sign-in flow, the failing ones too, with all logging at TRACE (Camel, MSAL4J, the component), and
 * searches the log output, the exception messages and the toString() of what a user might print for any secret,
 * user assertion, access token or refresh token that was in play.
 */
class CopilotSecretsInLogsTest extends CopilotTestSupport {

    private static final Pattern ISSUED = Pattern.compile("sim-(?:at|rt)\\.[A-Za-z0-9_-]+");
    private static final String SECRET = "client-secret-" + UUID.randomUUID();

    @TempDir
    Path folder;
    private final StringWriter captured = new StringWriter();
    private WriterAppender appender;

    @BeforeEach
    void captureEverythingAtTrace() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %c - %m%ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.TRACE, null);
        Configurator.setRootLevel(Level.TRACE);
        Configurator.setLevel("io.github.camelcopilot", Level.TRACE);
        // Apache HttpClient prints every request header (the bearer token) on this category at DEBUG, whoever set
        // the header: the component page says to keep it at INFO. Its wire log, which would print bodies, is off.
        Configurator.setLevel("org.apache.hc.client5.http.headers", Level.INFO);
        logging.updateLoggers();
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender(appender.getName());
        Configurator.setRootLevel(Level.INFO);
        Configurator.setLevel("io.github.camelcopilot", Level.DEBUG);
        logging.updateLoggers();
        appender.stop();
    }

    @Test
    void noSecretAssertionOrTokenIsLoggedOrPrinted() throws Exception {
        String clientId = "client-" + UUID.randomUUID();
        String tenant = "tenant-" + UUID.randomUUID();
        String msal = "clientId=" + clientId + "&authority=https://login.fake.test/" + tenant + "/&authorityEndpoint="
                      + simulator().authorityEndpoint();
        simulator().entra().registerClient(clientId, SECRET);
        List<String> printed = new ArrayList<>();
        Set<String> secrets = new LinkedHashSet<>(List.of(SECRET));

        // Secrets go on the component (application.properties), not in URIs: Camel core logs an endpoint URI at
        // TRACE before it masks it. One component with the right secret, one with a wrong one.
        CopilotComponent component = context.getComponent("copilot", CopilotComponent.class);
        component.getConfiguration().setClientSecret(SECRET);
        CopilotComponent wrongSecret = new CopilotComponent();
        wrongSecret.getConfiguration().setBaseUrl(simulator().baseUrl());
        wrongSecret.getConfiguration().setClientSecret("wrong-" + SECRET);
        context.addComponent("copilotWrongSecret", wrongSecret);

        // on-behalf-of: success for two users, then a refused assertion and a wrong secret
        String obo = "copilot:chat?" + msal;
        for (String user : List.of("adele@contoso.test", "bob@contoso.test")) {
            String assertion = simulator().entra().issueUserToken(user, "api://calling-app");
            secrets.add(assertion);
            printed.add(succeeded(send(obo, assertion)));
        }
        printed.add(failure(send(obo, "assertion-" + UUID.randomUUID())));
        printed.add(failure(send("copilotWrongSecret:chat?" + msal,
                simulator().entra().issueUserToken("carol@contoso.test", "api://calling-app"))));
        printed.add(context.getEndpoint(obo).toString());
        printed.add(((CopilotEndpoint) context.getEndpoint(obo)).getConfiguration().toString());
        printed.add(((CopilotEndpoint) context.getEndpoint(obo)).tokenProvider().toString());

        // tokenCache: login, silent calls, a 401 renewal, then a revoked sign-in
        component.getConfiguration().setClientSecret(null);
        Path cache = folder.resolve("cache.json");
        printed.add(DeviceCodeLogin.login(simulator(), "public-" + clientId, tenant, cache, "dave@contoso.test")
                .deviceCodeMessage());
        String silent = "copilot:chat?tokenCacheFile=" + cache + "&" + msal.replace(clientId, "public-" + clientId);
        printed.add(succeeded(send(silent, null)));
        simulator().entra().revokeAccessTokens("dave@contoso.test");
        printed.add(succeeded(send(silent, null)));
        secrets.addAll(issued(Files.readString(cache)));
        simulator().entra().revokeRefreshTokens("dave@contoso.test");
        printed.add(failure(template.send(silent.replace("copilot:chat?", "copilot:chat?tokenKeepAlive=0&")
                                          + "&scopes=https://graph.microsoft.com/Mail.Read", exchange -> { })));

        // every access token the API saw
        simulator().requests().forEach(request -> secrets.addAll(issued(request.header("authorization"))));
        assertThat(secrets).hasSizeGreaterThan(6);
        String log = captured.toString();
        assertThat(log).contains("TRACE").contains("Sign-in POST").contains("com.microsoft.aad.msal4j");
        for (String secret : secrets) {
            assertThat(log).as("the log").doesNotContain(secret);
            assertThat(printed).as("messages and toString()").noneMatch(text -> text.contains(secret));
        }
    }

    @Test
    void noProxyPasswordIsLoggedOrPrinted() throws Exception {
        String password = "proxy-password-" + UUID.randomUUID();
        String basic = java.util.Base64.getEncoder().encodeToString(("corp:" + password).getBytes());
        List<String> printed = new ArrayList<>();
        try (ForwardingProxy proxy = new ForwardingProxy("corp", password)) {
            CopilotComponent proxied = new CopilotComponent();
            proxied.getConfiguration().setBaseUrl(simulator().baseUrl());
            proxied.getConfiguration().setAccessToken(io.github.camelcopilot.simulator.CopilotSimulator.DEFAULT_TOKEN);
            proxied.getConfiguration().setProxyHost("127.0.0.1");
            proxied.getConfiguration().setProxyPort(proxy.port());
            proxied.getConfiguration().setProxyUser("corp");
            proxied.getConfiguration().setProxyPassword(password);
            context.addComponent("copilotProxied", proxied);
            CopilotComponent refused = new CopilotComponent();
            refused.setConfiguration(proxied.getConfiguration().copy());
            refused.getConfiguration().setProxyPassword("wrong-" + password);
            context.addComponent("copilotRefused", refused);
            CopilotComponent fromEnvironment = new CopilotComponent();
            fromEnvironment.getConfiguration().setBaseUrl(simulator().baseUrl());
            fromEnvironment.getConfiguration().setAccessToken(
                    io.github.camelcopilot.simulator.CopilotSimulator.DEFAULT_TOKEN);
            fromEnvironment.setEnvironment(Map.of("http_proxy", "http://corp:" + password + "@127.0.0.1:"
                                                                + proxy.port()));
            context.addComponent("copilotFromEnvironment", fromEnvironment);

            printed.add(succeeded(send("copilotProxied:chat", null)));
            printed.add(failure(send("copilotRefused:chat?maxRetries=0", null)));
            printed.add(succeeded(send("copilotFromEnvironment:chat", null)));
            assertThat(captured.toString()).as("the start-up log names each endpoint's proxy")
                    .contains("through the proxy 127.0.0.1:" + proxy.port() + " (from the proxyHost option, Basic user"
                              + " corp)")
                    .contains("through the proxy 127.0.0.1:" + proxy.port() + " (from http_proxy in the environment,"
                              + " Basic user corp)");
            CopilotEndpoint endpoint = context.getEndpoint("copilotProxied:chat", CopilotEndpoint.class);
            printed.add(endpoint.toString());
            printed.add(endpoint.getEndpointUri());
            printed.add(endpoint.getConfiguration().toString());
            printed.add(endpoint.connection().toString());
            printed.add(endpoint.transport().toString());
            assertThat(proxy.forwarded()).isNotEmpty();
        }
        String log = captured.toString();
        assertThat(log).contains("TRACE");
        for (String secret : List.of(password, basic)) {
            assertThat(log).as("the log").doesNotContain(secret);
            assertThat(printed).as("messages and toString()").noneMatch(text -> text.contains(secret));
        }
    }

    /** The same through a real proxy's CONNECT tunnels to TLS: the credentials go in CONNECT requests only. */
    @Test
    void noProxyPasswordIsLoggedOrPrintedThroughTunnels() throws Exception {
        String password = "tunnel-password-" + UUID.randomUUID(); // tinyproxy takes letters, digits, '-' only
        String basic = java.util.Base64.getEncoder().encodeToString(("corp:" + password).getBytes());
        List<String> printed = new ArrayList<>();
        try (CopilotSimulator tls = CopilotSimulator.start(0, SimulatorTransport.tls());
             Tinyproxy proxy = Tinyproxy.start("corp", password, tls.port())) {
            for (String given : List.of(password, "wrong-" + password)) {
                CopilotComponent tunnelled = new CopilotComponent();
                tunnelled.getConfiguration().setBaseUrl(tls.baseUrl());
                tunnelled.getConfiguration().setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
                tunnelled.getConfiguration().setSslContextParameters(Http2ProductionPathTest.trusting());
                tunnelled.setEnvironment(Map.of("HTTPS_PROXY", "http://corp:" + given + "@127.0.0.1:" + proxy.port()));
                String name = "copilotTunnel" + printed.size();
                context.addComponent(name, tunnelled);
                Exchange done = send(name + ":chatOverStream?streamMode=final&maxRetries=0", null);
                printed.add(given.equals(password) ? succeeded(done) : failure(done));
                printed.add(context.getEndpoint(name + ":chat", CopilotEndpoint.class).transport().toString());
            }
            assertThat(proxy.connectionsTo("localhost:" + tls.port())).isPositive();
        }
        assertThat(printed).anyMatch(text -> text.contains("refused the CONNECT tunnel"));
        String log = captured.toString();
        for (String secret : List.of(password, basic)) {
            assertThat(log).as("the log").doesNotContain(secret);
            assertThat(printed).as("messages and toString()").noneMatch(text -> text.contains(secret));
        }
    }

    private Exchange send(String uri, String assertion) {
        return template.send(uri, exchange -> {
            exchange.getMessage().setBody("Hello");
            if (assertion != null) {
                exchange.getMessage().setHeader(CopilotConstants.USER_ASSERTION, assertion);
            }
        });
    }

    private static String succeeded(Exchange exchange) {
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().toString() + " / " + exchange.getMessage().getHeaders();
    }

    private static String failure(Exchange exchange) {
        assertThat(exchange.getException()).isNotNull();
        return exchange.getException().toString() + " / " + exchange;
    }

    private static Set<String> issued(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text != null) {
            Matcher matcher = ISSUED.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        }
        return found;
    }
}
