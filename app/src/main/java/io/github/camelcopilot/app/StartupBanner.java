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
    private final HttpCallerSetup httpCallers;

    StartupBanner(EmbeddedSimulator simulator, EmbeddedBroker broker, HttpCallerSetup httpCallers) {
        this.simulator = simulator;
        this.broker = broker;
        this.httpCallers = httpCallers;
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
                .map(enabled -> http(context))
                .orElse("off");
        LOG.info("""

                ==== camel-copilot is running ====
                  Copilot service : {}
                  Broker          : {}
                  HTTP            : {}
                  HTTP callers    : {}
                  Routes ({}):
                {}
                ==================================""", simulator.describe(), broker.describe(), http,
                httpCallers.describe(), context.getRoutes().size(), routes);
    }

    /** Where the HTTP server listens, and whether beyond this machine. */
    private static String http(CamelContext context) {
        String port = context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080");
        String host = context.getPropertiesComponent().resolveProperty("camel.server.host").orElse("0.0.0.0").trim();
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")) {
            return "http://localhost:" + port + "/ (loopback only; set camel.server.host to listen beyond)";
        }
        return "http://localhost:" + port + "/ (listening on " + (host.equals("0.0.0.0") ? "all interfaces" : host)
               + ", as camel.server.host says)";
    }

    private static String source(Route route) {
        return route.getSourceResource() == null ? "" : "  (" + route.getSourceResource().getLocation() + ")";
    }
}
