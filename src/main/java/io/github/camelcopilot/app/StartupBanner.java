package io.github.camelcopilot.app;

import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells a person, once everything runs, what runs where. */
final class StartupBanner extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotApp.class);

    private final EmbeddedSimulator simulator;
    private final EmbeddedBroker broker;

    StartupBanner(EmbeddedSimulator simulator, EmbeddedBroker broker) {
        this.simulator = simulator;
        this.broker = broker;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        String routes = context.getRoutes().stream()
                .map(route -> "    " + route.getRouteId() + "  <-  " + route.getEndpoint().getEndpointBaseUri()
                              + source(route))
                .collect(Collectors.joining("\n"));
        String http = context.getPropertiesComponent().resolveProperty("camel.server.enabled")
                .filter(Boolean::parseBoolean)
                .map(enabled -> "http://localhost:" + context.getPropertiesComponent()
                        .resolveProperty("camel.server.port").orElse("8080") + "/")
                .orElse("off");
        LOG.info("""

                ==== camel-copilot is running ====
                  Copilot service : {}
                  Broker          : {}
                  HTTP            : {}
                  Routes ({}):
                {}
                ==================================""", simulator.describe(), broker.describe(), http,
                context.getRoutes().size(), routes);
    }

    private static String source(Route route) {
        return route.getSourceResource() == null ? "" : "  (" + route.getSourceResource().getLocation() + ")";
    }
}
