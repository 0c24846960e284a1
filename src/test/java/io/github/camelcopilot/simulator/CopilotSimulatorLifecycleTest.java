package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        while (simulator.requestCount() == 0) {
            Thread.sleep(5);
        }

        long started = System.nanoTime();
        simulator.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> hanging.get(2, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> http.post("/copilot/conversations", "{}")).isInstanceOf(IOException.class);
    }
}
