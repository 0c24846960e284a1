package io.github.camelcopilot.it.springboot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repackaged jar, started with {@code java -jar} as a deployment starts it: application.yml inside, the service's
 * address and token in the environment (relaxed binding: CAMEL_COMPONENT_COPILOT_BASEURL), asked over HTTP.
 */
class PackagedJarIT {

    @RegisterExtension
    static CopilotSimulatorExtension simulator = new CopilotSimulatorExtension();

    @Test
    void theJarAnswersAQuestionOverHttp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("app.jar")).redirectErrorStream(true);
        builder.environment().put("CAMEL_COMPONENT_COPILOT_BASEURL", simulator.baseUrl());
        builder.environment().put("CAMEL_COMPONENT_COPILOT_ACCESSTOKEN", CopilotSimulator.DEFAULT_TOKEN);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        Process app = builder.start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> out.lines().forEach(log::add));
        try {
            // Until Spring Boot says it started; the output ends (and the test fails) if the application stops instead.
            String line;
            while ((line = out.readLine()) != null && !line.contains("Started CopilotApplication")) {
                log.add(line);
            }
            assertThat(line).as("the application started: " + String.join("\n", log)).isNotNull();
            drain.start();

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/ask?ticket=T-9"))
                    .POST(HttpRequest.BodyPublishers.ofString("Is the jar up?")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isNotBlank();
            assertThat(answer.headers().firstValue("X-Conversation-Id")).isPresent();
            assertThat(simulator.simulator().requests()).anySatisfy(request -> {
                assertThat(request.path()).endsWith("/chat");
                assertThat(request.body()).contains("Europe/Berlin");
            });
        } finally {
            // Stopping the application ends its output, and with it the thread reading it.
            if (drain.getState() == Thread.State.NEW) {
                drain.start(); // so that its shutdown output never fills the pipe
            }
            app.destroy();
            app.waitFor();
            drain.join();
            out.close();
        }
        assertThat(String.join("\n", log)).doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
    }
}
