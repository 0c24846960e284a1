package io.github.camelcopilot.internal.client;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which proxy a call takes, from which source, and what is reached directly: the settings as users write them. */
class ProxyResolverTest {

    private static final Properties NO_PROPERTIES = new Properties();
    private static final String GRAPH = "https://graph.microsoft.com/beta";

    private static ProxyResolver.Options options(String host, Integer port, String user, String password) {
        return new ProxyResolver.Options(host, port, user, password, null, false);
    }

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    private static ProxyRoutes.Server proxyFor(ProxyRoutes routes, String url) {
        return routes.proxyFor(URI.create(url));
    }

    @Test
    void theOptionsComeFirstThenTheJvmThenTheEnvironment() {
        Properties jvm = properties("https.proxyHost", "jvm.proxy", "https.proxyPort", "8443");
        Map<String, String> environment = Map.of("HTTPS_PROXY", "http://env.proxy:3128");

        ProxyRoutes fromOptions = ProxyResolver.resolve(options("opt.proxy", 8080, null, null), jvm, environment);
        ProxyRoutes fromJvm = ProxyResolver.resolve(ProxyResolver.Options.NONE, jvm, environment);
        ProxyRoutes fromEnvironment = ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES, environment);

        assertThat(proxyFor(fromOptions, GRAPH).address()).isEqualTo("opt.proxy:8080");
        assertThat(proxyFor(fromJvm, GRAPH).address()).isEqualTo("jvm.proxy:8443");
        assertThat(proxyFor(fromEnvironment, GRAPH).address()).isEqualTo("env.proxy:3128");
        assertThat(fromEnvironment.source()).isEqualTo("HTTPS_PROXY in the environment");
        assertThat(ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES, Map.of()))
                .isEqualTo(ProxyRoutes.DIRECT);
    }

    @Test
    void theEnvironmentCanBeIgnored() {
        ProxyRoutes routes = ProxyResolver.resolve(new ProxyResolver.Options(null, null, null, null, null, true),
                NO_PROPERTIES, Map.of("HTTPS_PROXY", "http://env.proxy:3128"));

        assertThat(proxyFor(routes, GRAPH)).isNull();
    }

    @Test
    void environmentCredentialsArePercentDecodedAndNeverShown() {
        ProxyRoutes routes = ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES,
                Map.of("https_proxy", "http://corp%5Cadele:p%40ss%3Aw%2Frd+1@[::1]:3128"));

        ProxyRoutes.Server server = proxyFor(routes, GRAPH);
        assertThat(server.host()).isEqualTo("::1");
        assertThat(server.address()).isEqualTo("[::1]:3128");
        assertThat(server.user()).isEqualTo("corp\\adele");
        assertThat(server.password()).isEqualTo("p@ss:w/rd+1");
        assertThat(routes.toString() + server + routes.describe(URI.create(GRAPH))).doesNotContain("p@ss")
                .doesNotContain("p%40ss").contains("Basic user corp\\adele");
    }

    @Test
    void lowerCaseVariablesWinAsInCurlAndAPortlessProxyIsOn1080() {
        ProxyRoutes routes = ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES,
                Map.of("https_proxy", "lower.proxy", "HTTPS_PROXY", "http://upper.proxy:1", "HTTP_PROXY",
                        "http://plain.proxy:8080"));

        assertThat(proxyFor(routes, GRAPH).address()).isEqualTo("lower.proxy:1080");
        assertThat(proxyFor(routes, "http://127.0.0.1:8089/beta").address()).isEqualTo("plain.proxy:8080");
    }

    @Test
    void allProxyServesTheSchemesWithoutTheirOwn() {
        ProxyRoutes routes = ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES,
                Map.of("ALL_PROXY", "http://all.proxy:3128", "HTTP_PROXY", "http://plain.proxy:8080"));

        assertThat(proxyFor(routes, GRAPH).address()).isEqualTo("all.proxy:3128");
        assertThat(proxyFor(routes, "http://example.com/").address()).isEqualTo("plain.proxy:8080");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // NO_PROXY; host; direct?
            "example.com; example.com; true",
            "example.com; www.example.com; true",
            ".example.com; example.com; true",
            ".example.com; api.example.com; true",
            "example.com; notexample.com; false",
            "*.example.com; www.example.com; true",
            "*; graph.microsoft.com; true",
            "10.0.0.0/8; 10.1.2.3; true",
            "10.0.0.0/8; 11.1.2.3; false",
            "127.0.0.0/8; localhost; false",
            "192.168.1.10; 192.168.1.10; true",
            "::1; [::1]; true",
            "fd00::/8; [fd12::1]; true",
            "localhost; localhost; true",
            "graph.microsoft.com,login.microsoftonline.com; login.microsoftonline.com; true",
            "example.com graph.microsoft.com; graph.microsoft.com; true",
            "GRAPH.Microsoft.com; graph.microsoft.com; true",
            "other.example; localhost; false",
            "other.example; 127.0.0.1; false" })
    void noProxyIsReadAsCurlReadsIt(String noProxy, String host, boolean direct) {
        ProxyRoutes routes = ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES,
                Map.of("HTTPS_PROXY", "http://env.proxy:3128", "NO_PROXY", noProxy));

        assertThat(proxyFor(routes, "https://" + host + "/beta") == null).isEqualTo(direct);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
            // http.nonProxyHosts; host; direct?
            "NULL; localhost; true",
            "NULL; 127.0.0.1; true",
            "NULL; graph.microsoft.com; false",
            "example.com; example.com; true",
            "example.com; www.example.com; false",
            "*.example.com; www.example.com; true",
            "192.168.*; 192.168.0.7; true",
            "example.com; 127.0.0.1; true",
            "'' ; 127.0.0.1; false" })
    void theJvmsNonProxyHostsIsReadAsTheJdkReadsIt(String nonProxyHosts, String host, boolean direct) {
        Properties jvm = properties("https.proxyHost", "jvm.proxy");
        if (nonProxyHosts != null) {
            jvm.setProperty("http.nonProxyHosts", nonProxyHosts);
        }
        ProxyRoutes routes = ProxyResolver.resolve(ProxyResolver.Options.NONE, jvm, Map.of());

        assertThat(proxyFor(routes, "https://" + host + "/beta") == null).isEqualTo(direct);
        assertThat(proxyFor(routes, GRAPH) == null || proxyFor(routes, GRAPH).port() == 443).isTrue();
    }

    @Test
    void theJvmsProxyCredentialsAreReadAsApacheHttpClientReadsThem() {
        ProxyRoutes routes = ProxyResolver.resolve(ProxyResolver.Options.NONE, properties("https.proxyHost",
                "jvm.proxy", "https.proxyPort", "3128", "https.proxyUser", "corp", "https.proxyPassword", "pw"),
                Map.of());

        assertThat(proxyFor(routes, GRAPH).user()).isEqualTo("corp");
        assertThat(proxyFor(routes, GRAPH).password()).isEqualTo("pw");
        assertThat(proxyFor(routes, "http://example.com/")).isNull();
    }

    @Test
    void nonProxyHostsAddsToTheSourcesListAndTheOptionCredentialsAnswerForAnySource() {
        ProxyRoutes routes = ProxyResolver.resolve(new ProxyResolver.Options(null, null, "corp", "secret",
                        "*.intranet.example|10.0.0.0/8", false), NO_PROPERTIES,
                Map.of("HTTPS_PROXY", "http://someone:else@env.proxy:3128", "NO_PROXY", "example.com"));

        assertThat(proxyFor(routes, "https://www.example.com/")).isNull();
        assertThat(proxyFor(routes, "https://wiki.intranet.example/")).isNull();
        assertThat(proxyFor(routes, "https://10.2.3.4/")).isNull();
        ProxyRoutes.Server server = proxyFor(routes, GRAPH);
        assertThat(server.user()).isEqualTo("corp");
        assertThat(server.password()).isEqualTo("secret");
        assertThat(server.credentialsOrigin()).contains("proxyUser and proxyPassword");
        assertThat(routes.describe(URI.create("https://www.example.com/x")))
                .isEqualTo("www.example.com:443 directly (NO_PROXY lists example.com; the proxy env.proxy:3128 serves"
                           + " the others)");
    }

    @Test
    void contradictionsAndUnreadableSettingsAreRefusedWithoutQuotingAPassword() {
        assertThatThrownBy(() -> ProxyResolver.resolve(options("proxy", null, null, null), NO_PROPERTIES, Map.of()))
                .hasMessageContaining("proxyHost needs a proxyPort");
        assertThatThrownBy(() -> ProxyResolver.resolve(options(null, 3128, null, null), NO_PROPERTIES, Map.of()))
                .hasMessageContaining("proxyPort needs a proxyHost");
        assertThatThrownBy(() -> ProxyResolver.resolve(options("proxy", 3128, null, "pw"), NO_PROPERTIES, Map.of()))
                .hasMessageContaining("proxyPassword needs a proxyUser");
        assertThatThrownBy(() -> ProxyResolver.resolve(options(null, null, "corp", "pw"), NO_PROPERTIES, Map.of()))
                .hasMessageContaining("proxyUser is set but no proxy is");
        assertThatThrownBy(() -> ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES,
                Map.of("HTTPS_PROXY", "socks5://corp:hunter2@socks.proxy:1080")))
                .hasMessageContaining("HTTPS_PROXY (environment) names a socks5 proxy")
                .hasMessageContaining("ignoreEnvironmentProxy").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ProxyResolver.resolve(ProxyResolver.Options.NONE, NO_PROPERTIES,
                Map.of("HTTPS_PROXY", "http://proxy:3128", "NO_PROXY", "10.0.0.0/33")))
                .hasMessageContaining("NO_PROXY (environment)").hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> ProxyResolver.resolve(ProxyResolver.Options.NONE,
                properties("https.proxyHost", "p", "https.proxyPort", "http"), Map.of()))
                .hasMessageContaining("https.proxyPort");
        assertThat(options("proxy", 1, "corp", "hunter2").toString()).doesNotContain("hunter2");
    }
}
