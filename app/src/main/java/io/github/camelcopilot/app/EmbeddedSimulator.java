package io.github.camelcopilot.app;

import java.util.Optional;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatedEntra;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Starts the simulator before the component is configured, unless a real service is configured. The app's HTTP
 * sign-in then runs against the simulator's Entra: an app registration of its own (a fresh secret each run), so the
 * page's sign-in and the on-behalf-of exchange can be seen without a tenant.
 */
final class EmbeddedSimulator extends MainListenerSupport {

    static final String BASE_URL = "camel.component.copilot.baseUrl";
    static final String SIMULATOR_PORT = "copilot.simulator.port";
    /** The app registration the embedded simulator's Entra knows the app by. */
    static final String SIMULATED_CLIENT_ID = "camel-copilot-app";

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
        String secret = CallerSessions.random();
        simulator.entra().registerClient(SIMULATED_CLIENT_ID, secret);
        properties.addOverrideProperty(HttpAuthSettings.PREFIX + "clientId", SIMULATED_CLIENT_ID);
        properties.addOverrideProperty(HttpAuthSettings.PREFIX + "clientSecret", secret);
        properties.addOverrideProperty(HttpAuthSettings.PREFIX + "authority",
                "https://login.microsoftonline.com/" + SimulatedEntra.DEFAULT_TENANT + "/");
        properties.addOverrideProperty(HttpAuthSettings.PREFIX + "authorityEndpoint", simulator.authorityEndpoint());
        serviceDescription = "embedded simulator at " + simulator.baseUrl() + " (set " + BASE_URL
                             + " for a real tenant)";
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** Whether the simulator runs here (no real service configured). */
    boolean embedded() {
        return simulator != null;
    }

    String describe() {
        return serviceDescription;
    }
}
