package io.github.camelcopilot.component;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.github.camelcopilot.client.CopilotHttpClient;
import io.github.camelcopilot.model.CopilotJson;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.StringHelper;

/** The {@code copilot:} component: the Microsoft 365 Copilot Chat API. */
@Component("copilot")
public class CopilotComponent extends DefaultComponent {

    @Metadata(description = "The component's options, the defaults of every copilot endpoint.")
    private CopilotConfiguration configuration = new CopilotConfiguration();

    /** One HTTP client per distinct client configuration, shared by the endpoints so connections are reused. */
    private final Map<Duration, CopilotHttpClient> clients = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CopilotEndpoint endpoint = new CopilotEndpoint(uri, this, operationOf(remaining), configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** Accepts {@code chatOverStream} and {@code chat-over-stream} alike. */
    private static CopilotOperation operationOf(String remaining) {
        String name = StringHelper.dashToCamelCase(remaining == null ? "" : remaining.trim());
        for (CopilotOperation operation : CopilotOperation.values()) {
            if (operation.name().equalsIgnoreCase(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown copilot operation '" + remaining
                                           + "': use createConversation, chat or chatOverStream");
    }

    public CopilotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(CopilotConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The shared client for endpoints with these connection settings. */
    CopilotHttpClient client(Duration connectTimeout) {
        return clients.computeIfAbsent(connectTimeout, timeout -> new CopilotHttpClient(
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_2)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                scheduler(), CopilotJson.mapper()));
    }

    /** Schedules retries and stream idle timers: waits without holding a thread. */
    synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "CopilotScheduler");
        }
        return scheduler;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        clients.clear();
        synchronized (this) {
            if (scheduler != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
                scheduler = null;
            }
        }
    }
}
