package io.github.camelcopilot.app;

import java.util.Optional;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import io.github.camelcopilot.simulator.CopilotSimulator;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/** Starts the simulator before the component is configured, unless a real service is configured. */
final class EmbeddedSimulator extends MainListenerSupport {

    static final String BASE_URL = "camel.component.copilot.baseUrl";
    static final String SIMULATOR_PORT = "copilot.simulator.port";

    private CopilotSimulator simulator;
    private String serviceDescription;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Optional<String> configured = properties.resolveProperty(BASE_URL)
                .or(() -> Optional.ofNullable(System.getenv("CAMEL_COMPONENT_COPILOT_BASEURL")))
                .or(() -> Optional.ofNullable(System.getenv("CAMEL_COMPONENT_COPILOT_BASE_URL")))
                .filter(value -> !value.isBlank());
        if (configured.isPresent()) {
            serviceDescription = configured.get();
            return;
        }
        int port = properties.resolveProperty(SIMULATOR_PORT).map(Integer::parseInt).orElse(0);
        simulator = CopilotSimulator.start(port);
        // Set on the component itself: the properties binding that follows only touches options that are set.
        CopilotConfiguration config = main.getCamelContext().getComponent("copilot", CopilotComponent.class)
                .getConfiguration();
        config.setBaseUrl(simulator.baseUrl());
        config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
        serviceDescription = "embedded simulator at " + simulator.baseUrl() + " (set " + BASE_URL
                             + " for a real tenant)";
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (simulator != null) {
            simulator.close();
        }
    }

    String describe() {
        return serviceDescription;
    }
}
