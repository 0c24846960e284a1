package io.github.camelcopilot.app;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a newcomer sees after the README's first command: the app with nothing configured (embedded simulator and
 * broker, the demo traffic on) answers a file and a queue message and serves the page, within a minute.
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
            assertThat(output).contains("Copilot service : embedded simulator").contains("embedded ActiveMQ Artemis");
            assertThat(new ObjectMapper().readTree(answer.toFile()).get("reply").asText()).contains("project review");
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("EventSource('/ask/stream");
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
