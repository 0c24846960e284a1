package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopilotSimulatorLifecycleTest {

    @Test
    void startsOnAFreeLoopbackPortAndAnswers() throws Exception {
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(new SimulatorHttp(simulator).post("/copilot/conversations", "{}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void startsOnAGivenPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (CopilotSimulator simulator = CopilotSimulator.start(port)) {
            assertThat(simulator.port()).isEqualTo(port);
            assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + port + "/beta");
        }
    }

    @Test
    void setsNoDelaySoLoopbackRequestsAreNotDelayed() {
        // Timing belongs in benchmarks, not unit tests: check the setting the server reads when it is created.
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        }
    }

    @Test
    void closeStopsPromptlyEvenWithAHangingRequest() throws Exception {
        CopilotSimulator simulator = CopilotSimulator.start();
        simulator.faults().enqueue(Fault.hang(Duration.ofMinutes(5)));
        SimulatorHttp http = new SimulatorHttp(simulator);
        CompletableFuture<HttpResponse<String>> hanging = CompletableFuture.supplyAsync(() -> {
            try {
                return http.post("/copilot/conversations", "{}");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.requestCount() > 0);

        // The request hangs for 5 minutes: close() returning at all, well before that, is what counts here.
        CompletableFuture<Void> closing = CompletableFuture.runAsync(simulator::close);

        assertThat(closing).succeedsWithin(Duration.ofSeconds(30));
        assertThatThrownBy(() -> hanging.get(2, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> http.post("/copilot/conversations", "{}")).isInstanceOf(IOException.class);
    }
}
