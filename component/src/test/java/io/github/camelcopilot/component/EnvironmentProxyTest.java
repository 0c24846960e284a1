package io.github.camelcopilot.component;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.simulator.SimulatorTls;
import io.github.camelcopilot.simulator.SimulatorTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HTTPS_PROXY} as OpenShift injects it, truly from the process environment: a child JVM (a running JVM cannot
 * change its own environment) runs a Camel Main application with no proxy setting at all, through tinyproxy with
 * Basic authentication (credentials in the URL) to the TLS simulator.
 */
class EnvironmentProxyTest {

    private static final String USER = "cluster";
    private static final String PASSWORD = "cluster-proxy-" + UUID.randomUUID();

    private record Run(int exitCode, String output) {
    }

    private static Run runChild(CopilotSimulator simulator, Map<String, String> environment, String... properties)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProxiedFromEnvironmentMain.class.getName(),
                simulator.baseUrl(), SimulatorTls.trustStorePath().toString(), SimulatorTls.TRUST_STORE_PASSWORD,
                CopilotSimulator.DEFAULT_TOKEN));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
        builder.environment().putAll(environment);
        File output = File.createTempFile("child-jvm", ".log");
        output.deleteOnExit();
        Process child = builder.redirectOutput(output).start();
        if (!child.waitFor(90, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        return new Run(child.isAlive() ? -1 : child.exitValue(),
                Files.readString(output.toPath(), StandardCharsets.UTF_8));
    }

    private interface Child {
        Run run(CopilotSimulator simulator, Tinyproxy proxy) throws Exception;
    }

    private interface Outcome {
        void check(CopilotSimulator simulator, Tinyproxy proxy, Run run);
    }

    /** Runs the child against the TLS simulator with tinyproxy in front of it, then checks the outcome. */
    private static void throughTheProxy(Child child, Outcome outcome) throws Exception {
        try (CopilotSimulator simulator = CopilotSimulator.start(0, SimulatorTransport.tls());
             Tinyproxy proxy = Tinyproxy.start(USER, PASSWORD, simulator.port())) {
            outcome.check(simulator, proxy, child.run(simulator, proxy));
        }
    }

    /** HTTPS_PROXY naming tinyproxy, the user and {@code password} in the URL. */
    private static Map<String, String> httpsProxy(Tinyproxy proxy, String password) {
        return Map.of("HTTPS_PROXY", "http://" + USER + ":" + password + "@127.0.0.1:" + proxy.port());
    }

    @Test
    void httpsProxyFromTheProcessEnvironmentCarriesChatAndStreamWithoutAnyOption() throws Exception {
        throughTheProxy((simulator, proxy) -> runChild(simulator, httpsProxy(proxy, PASSWORD)),
                (simulator, proxy, run) -> {
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("answered copilot:chat: " + SimulatorReplies.replyFor("From the pod"))
                    .contains("answered copilot:chatOverStream?streamMode=final: "
                              + SimulatorReplies.replyFor("From the pod"))
                    .contains("through the proxy 127.0.0.1:" + proxy.port() + " (from HTTPS_PROXY in the environment,"
                              + " Basic user " + USER + ")")
                    .doesNotContain(PASSWORD);
            assertThat(proxy.connectionsTo("localhost:" + simulator.port())).isPositive();
            assertThat(simulator.requestCount()).isEqualTo(4); // a create before the chat and before the stream
        });
    }

    /** The JVM's properties come before the environment (whose proxy here is a closed port). */
    @Test
    void theJvmsProxyPropertiesComeBeforeTheEnvironment() throws Exception {
        throughTheProxy((simulator, proxy) -> runChild(simulator, Map.of("HTTPS_PROXY", "http://127.0.0.1:1"),
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + proxy.port(), "-Dhttps.proxyUser=" + USER,
                "-Dhttps.proxyPassword=" + PASSWORD, "-Dhttp.nonProxyHosts="), (simulator, proxy, run) -> {
                    assertThat(run.exitCode()).as(run.output()).isZero();
                    assertThat(run.output()).contains("(from the JVM's https.proxyHost, Basic user " + USER + ")")
                            .doesNotContain(PASSWORD);
                    assertThat(proxy.connectionsTo("localhost:" + simulator.port())).isPositive();
                });
    }

    @Test
    void aWrongPasswordInHttpsProxyFailsNamingTheProxy() throws Exception {
        throughTheProxy((simulator, proxy) -> runChild(simulator, httpsProxy(proxy, "wrong-" + PASSWORD)),
                (simulator, proxy, run) -> {
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("failed copilot:chat: ")
                    .contains("the proxy 127.0.0.1:" + proxy.port() + " (from HTTPS_PROXY in the environment) refused"
                              + " the CONNECT tunnel to localhost:" + simulator.port())
                    .contains("the user and password in HTTPS_PROXY's URL")
                    .doesNotContain(PASSWORD);
            assertThat(simulator.requestCount()).isZero();
        });
    }
}
