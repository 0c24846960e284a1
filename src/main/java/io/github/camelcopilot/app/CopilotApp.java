package io.github.camelcopilot.app;

import java.util.Optional;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import io.github.camelcopilot.simulator.CopilotSimulator;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable app ({@code java -jar target/camel-copilot-app.jar}): Camel Main with the YAML DSL, reading
 * {@code config/application.properties} and {@code routes/*.yaml} from the working directory. Standard Camel Main
 * overrides apply on top ({@code -Dcamel.main.routesIncludePattern=file:my-route.yaml},
 * {@code -Dcamel.component.copilot.baseUrl=...}, {@code CAMEL_*} environment variables).
 * <p>
 * Unless {@code camel.component.copilot.baseUrl} is set somewhere, the embedded simulator is started and the
 * component pointed at it, so the example routes work on a machine with no Microsoft 365 tenant.
 */
public final class CopilotApp {

    static final String BASE_URL = "camel.component.copilot.baseUrl";
    static final String SIMULATOR_PORT = "copilot.simulator.port";
    /** Bundled defaults first, then the user's file, which wins where both set a property. */
    static final String PROPERTY_LOCATIONS = "classpath:camel-copilot-app.properties,"
                                             + "file:config/application.properties;optional=true";

    private CopilotApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "login".equals(args[0])) {
            System.exit(LoginCommand.run(args, System.out));
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "camel-copilot-app-log4j2.properties");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        main.addMainListener(new EmbeddedSimulator());
        System.exit(main.run(args));
    }

    /** Starts the simulator before the component is configured when no real service is configured. */
    static final class EmbeddedSimulator extends MainListenerSupport {

        private static final Logger LOG = LoggerFactory.getLogger(CopilotApp.class);
        private CopilotSimulator simulator;

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            Optional<String> configured = main.getCamelContext().getPropertiesComponent().resolveProperty(BASE_URL)
                    .or(() -> Optional.ofNullable(System.getenv("CAMEL_COMPONENT_COPILOT_BASEURL")))
                    .or(() -> Optional.ofNullable(System.getenv("CAMEL_COMPONENT_COPILOT_BASE_URL")))
                    .filter(value -> !value.isBlank());
            if (configured.isPresent()) {
                LOG.info("Copilot service: {}", configured.get());
                return;
            }
            int port = main.getCamelContext().getPropertiesComponent().resolveProperty(SIMULATOR_PORT)
                    .map(Integer::parseInt).orElse(0);
            simulator = CopilotSimulator.start(port);
            // Set on the component itself: the properties binding that follows only touches options that are set.
            CopilotConfiguration config = main.getCamelContext().getComponent("copilot", CopilotComponent.class)
                    .getConfiguration();
            config.setBaseUrl(simulator.baseUrl());
            config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
            LOG.info("Copilot service: embedded simulator at {} (set {} to use a real tenant)", simulator.baseUrl(),
                    BASE_URL);
        }

        @Override
        public void afterStop(BaseMainSupport main) {
            if (simulator != null) {
                simulator.close();
            }
        }
    }
}
