package io.github.camelcopilot.it.quarkus;

import java.util.Map;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the component's Copilot simulator on a free loopback port before the application, and points the component
 * at it through the same {@code camel.component.copilot.*} configuration a deployed integration would be given.
 */
public class CopilotSimulatorResource implements QuarkusTestResourceLifecycleManager {

    private CopilotSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = CopilotSimulator.start();
        return Map.of(
                "camel.component.copilot.baseUrl", simulator.baseUrl(),
                "camel.component.copilot.accessToken", CopilotSimulator.DEFAULT_TOKEN);
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
