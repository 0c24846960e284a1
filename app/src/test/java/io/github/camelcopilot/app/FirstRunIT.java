package io.github.camelcopilot.app;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a newcomer sees after the README's first command: the app with nothing configured (embedded simulator and
 * broker, the demo traffic on) answers a file and a queue message, answers {@code POST /ask} without a token, serves
 * the page with its one-click sign-in as a simulated user, and listens on loopback only.
 */
class FirstRunIT {

    @Test
    void theExampleRoutesWorkOutOfTheBox(@TempDir Path dir) throws Exception {
        AppProcess.copyInto(dir, "routes", "config");
        int httpPort = freePort();
        Path log = dir.resolve("app.log");
        // Only the ports are moved off their defaults, so that this test cannot collide with anything else.
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcamel.server.port=" + httpPort, "-Dcopilot.broker.port=" + freePort(),
                "-jar", new File(System.getProperty("app.jar", "target/camel-copilot-app.jar")).getAbsolutePath())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path answer = dir.resolve("data/outbox/welcome.json");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    !app.isAlive() || Files.exists(answer) && Files.readString(log).contains("Demo: reply on copilot.replies"));
            String output = Files.readString(log);
            assertThat(app.isAlive()).as(output).isTrue();
            assertThat(output).contains("Copilot service : embedded simulator").contains("embedded ActiveMQ Artemis")
                    .contains("loopback only").contains("anonymous allowed");
            assertThat(new ObjectMapper().readTree(answer.toFile()).get("reply").asText()).contains("project review");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<script src=\"/copilot.js\"");
            // no tenant, no real data: the curl of docs/app.md answers without a token
            HttpResponse<String> asked = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/ask")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("Hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
            // and the page's sign-in goes to the embedded simulator's Entra, with PKCE
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/auth/signin")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(302);
            assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                    .startsWith("http://127.0.0.1:").contains("/oauth2/v2.0/authorize").contains("code_challenge="));
            // the page's one-click sign-in as a simulated user, then a question answered as that user
            try (HeadlessChromium browser = HeadlessChromium.start()) {
                browser.viewport(1000, 560);
                browser.navigate("http://127.0.0.1:" + httpPort + "/");
                browser.awaitTrue("document.body && document.body.dataset.ready === 'true'", Duration.ofSeconds(15));
                assertThat(browser.evaluate("document.getElementById('signin').textContent").asText())
                        .isEqualTo("Sign in as a simulated user");
                browser.screenshot(Path.of("target/screenshots/first-run.png"));
                browser.evaluate("document.getElementById('signin').click(); true");
                String adele = "document.querySelector('button[value=\"adele@contoso.test\"]')";
                browser.awaitTrue(adele + " !== null", Duration.ofSeconds(15));
                browser.evaluate(adele + ".click(); true");
                browser.awaitTrue("location.pathname === '/' && document.body && document.body.dataset.session"
                                  + " === 'signed-in'", Duration.ofSeconds(20));
                browser.evaluate("document.getElementById('question').value = 'Hello as Adele';"
                                 + " document.getElementById('ask').click(); true");
                browser.awaitTrue("document.querySelector('.turn') !== null"
                                  + " && document.querySelector('.turn').dataset.done === 'true'", Duration.ofSeconds(30));
                assertThat(browser.evaluate("document.querySelector('.turn .answer').textContent").asText())
                        .contains("Hello as Adele").contains("Adele Vance");
            }
            assertThat(Files.readString(log)).contains("Signed in to the page: adele@contoso.test");
            // loopback only: the port is not open on the machine's other addresses
            assertThat(nonLoopbackAddresses()).allSatisfy(address -> {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, httpPort), 2000))
                            .isInstanceOf(IOException.class);
                }
            });
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
