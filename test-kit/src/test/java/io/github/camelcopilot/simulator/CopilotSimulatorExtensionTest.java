package io.github.camelcopilot.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CopilotSimulatorExtensionTest {

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension();

    private static CopilotSimulator firstSimulator;

    @Test
    @Order(1)
    void resolvesTheRunningSimulator(CopilotSimulator simulator) throws Exception {
        firstSimulator = simulator;
        assertThat(simulator).isSameAs(extension.simulator());
        assertThat(extension.baseUrl()).isEqualTo(simulator.baseUrl());
        assertThat(extension.workIqBaseUrl()).isEqualTo(simulator.workIqBaseUrl());
        assertThat(simulator.transport()).as("the system property's, plain when unset")
                .isEqualTo(SimulatorTransport.fromSystemProperty());
        assertThat(simulator.baseUrl()).startsWith(simulator.transport().isTls() ? "https://localhost:" : "http://");

        simulator.faults().enqueue(Fault.status(500));
        simulator.acceptTokens("changed");
        new SimulatorHttp(simulator).post("/copilot/conversations", "{}");
        assertThat(simulator.requestCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void theSameSimulatorIsResetBeforeEachTest(CopilotSimulator simulator) throws Exception {
        assertThat(simulator).isSameAs(firstSimulator);
        assertThat(simulator.requestCount()).isZero();
        assertThat(simulator.faults().pending()).isZero();

        HttpResponse<String> response = new SimulatorHttp(simulator).post("/copilot/conversations", "{}");
        assertThat(response.statusCode()).as("default token again, no fault").isEqualTo(201);
    }

    @Nested
    class InANestedClass {

        @Test
        void theOuterSimulatorIsShared(CopilotSimulator simulator) {
            assertThat(simulator).isSameAs(extension.simulator());
            assertThat(simulator.requestCount()).isZero();
        }
    }

    @Nested
    class WithAnInstanceExtension {

        @RegisterExtension
        CopilotSimulatorExtension perTest = new CopilotSimulatorExtension();

        @Test
        void startsASimulatorForTheTest() {
            assertThat(perTest.simulator().port()).isNotEqualTo(extension.simulator().port());
        }
    }
}
