package io.github.camelcopilot.app;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged app jar runs a YAML route given by standard Camel Main overrides, against a Graph look-alike given
 * by {@code -Dcamel.component.copilot.baseUrl}: the way a user starts it.
 */
class AppJarIT {

    private static final String ROUTE = """
            - route:
                id: it-route
                from:
                  uri: timer:it
                  parameters:
                    repeatCount: 1
                  steps:
                    - setBody:
                        constant: "Status of the migration?"
                    - to: copilot:chat
                    - setHeader:
                        name: chatReply
                        simple: "${body}"
                    - setBody:
                        constant: "And the risks?"
                    - to: copilot:chatOverStream?streamMode=final
                    - setBody:
                        simple: "${header.CamelCopilotConversationId}|${header.CamelCopilotTurnCount}|${header.chatReply}|${body}"
                    - to: file:out?fileName=result.txt
            """;

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private final CopilotSimulator simulator = CopilotSimulator.start();
    private Process app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor();
        }
        simulator.close();
    }

    @Test
    void theJarRunsAYamlRouteWithMainOverridesAgainstTheGivenService(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r.yaml"), ROUTE);
        simulator.acceptTokens("it-token");
        simulator.faults().enqueue(Fault.throttled("0.2").on(Fault.Operation.CHAT));
        Path log = dir.resolve("app.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcamel.main.routesIncludePattern=file:r.yaml",
                "-Dcamel.component.copilot.baseUrl=" + simulator.baseUrl(),
                "-Dcamel.component.copilot.accessToken=it-token",
                "-Dcamel.server.port=0",
                "-Dcopilot.broker.port=" + freePort(),
                "-jar", new File(System.getProperty("app.jar", "target/camel-copilot-app.jar")).getAbsolutePath()));
        app = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();

        Path result = dir.resolve("out/result.txt");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(result) || !app.isAlive());
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(result).as(output).exists();
        String[] parts = Files.readString(result).split("\\|", 4);
        assertThat(parts[0]).isNotBlank();
        assertThat(parts[1]).isEqualTo("2");
        assertThat(parts[2]).isEqualTo(SimulatorReplies.replyFor("Status of the migration?"));
        assertThat(parts[3]).isEqualTo(SimulatorReplies.replyFor("And the risks?"));
        assertThat(simulator.requests()).allMatch(r -> "Bearer it-token".equals(r.header("Authorization")));
        assertThat(output).doesNotContain("it-token").doesNotContain("embedded simulator");
    }
}
