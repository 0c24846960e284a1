package io.github.camelcopilot.app;

import org.apache.camel.main.Main;

/**
 * The runnable app ({@code java -jar target/camel-copilot-app.jar}): Camel Main with the YAML DSL, reading
 * {@code config/application.properties} and {@code routes/*.yaml} from the working directory. Standard Camel Main
 * overrides apply on top ({@code -Dcamel.main.routesIncludePattern=file:my-route.yaml},
 * {@code -Dcamel.component.copilot.baseUrl=...}, {@code CAMEL_*} environment variables).
 * <p>
 * Unless configured otherwise it starts the Copilot simulator and an ActiveMQ Artemis broker in-process, so the
 * example routes work on a machine with nothing else installed.
 */
public final class CopilotApp {

    /** Bundled defaults first, then the user's file, which wins where both set a property. */
    static final String PROPERTY_LOCATIONS = "classpath:camel-copilot-app.properties,"
                                             + "file:config/application.properties;optional=true";

    private CopilotApp() {
    }

    /** The JVM reads it once, when the common pool is first used: set before anything else runs. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) throws Exception {
        // With 1 (the JVM's choice on 2 cores) CompletableFuture starts a thread per asynchronous task, and the JDK
        // HttpClient hands every response over that way; 2 keeps those hand-overs on two pooled threads.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        if (args.length > 0 && "login".equals(args[0])) {
            System.exit(LoginCommand.run(args, System.out));
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "camel-copilot-app-log4j2.properties");
        }
        System.exit(createMain().run(args));
    }

    /** The configured Camel Main, not yet started. */
    static Main createMain() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        EmbeddedSimulator simulator = new EmbeddedSimulator();
        EmbeddedBroker broker = new EmbeddedBroker();
        HttpCallerSetup httpCallers = new HttpCallerSetup(simulator);
        main.addMainListener(simulator);
        main.addMainListener(broker);
        main.addMainListener(httpCallers);
        main.addMainListener(new ConversationStoreSetup());
        main.addMainListener(new TraceExport(System.getenv()));
        main.addMainListener(new StartupBanner(simulator, broker, httpCallers));
        return main;
    }
}
