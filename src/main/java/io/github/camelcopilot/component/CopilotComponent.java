package io.github.camelcopilot.component;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.auth.MsalAppSettings;
import io.github.camelcopilot.auth.MsalApplications;
import io.github.camelcopilot.auth.MsalTokenProvider;
import io.github.camelcopilot.auth.OnBehalfOfTokenProvider;
import io.github.camelcopilot.auth.TokenCacheTokenProvider;
import io.github.camelcopilot.client.CopilotHttpClient;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.store.CopilotConversationStore;
import io.github.camelcopilot.store.InMemoryConversationStore;
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
    private final Map<Duration, HttpClient> httpClients = new ConcurrentHashMap<>();
    private final Map<Duration, CopilotHttpClient> clients = new ConcurrentHashMap<>();
    /**
     * One long-lived MSAL application (behind its provider) per sign-in configuration: endpoints that share one
     * share its token cache. A new application per exchange would call the token endpoint every time.
     */
    private final Map<MsalKey, MsalTokenProvider> msalProviders = new ConcurrentHashMap<>();
    private final Map<MsalKey, ScheduledFuture<?>> keepAlives = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private ExecutorService streamReaders;
    private ExecutorService signInExecutor;

    // --- conversations per business key
    private CopilotConversationStore defaultConversationStore;
    private KeySequencer keySequencer;
    private ExecutorService conversationStoreCalls;
    // --- end of conversations per business key

    /** What makes two sign-in configurations the same; the scopes matter for tokenCache's keep-alive. */
    private record MsalKey(MsalAppSettings settings, List<String> scopes, Duration keepAlive) {
    }

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
        return clients.computeIfAbsent(connectTimeout, timeout -> new CopilotHttpClient(httpClient(timeout),
                scheduler(), CopilotJson.mapper()));
    }

    /** The JDK client for these connection settings, used for the API and for sign-in alike. */
    HttpClient httpClient(Duration connectTimeout) {
        return httpClients.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /**
     * The shared MSAL-backed provider of a sign-in configuration, created on first use; a tokenCache provider gets
     * its keep-alive refresh scheduled (unless {@code keepAlive} is zero).
     */
    MsalTokenProvider msalTokenProvider(MsalAppSettings settings, List<String> scopes, Duration keepAlive) {
        MsalKey key = new MsalKey(settings, List.copyOf(scopes), keepAlive);
        return msalProviders.computeIfAbsent(key, ignored -> {
            HttpClient http = httpClient(settings.connectTimeout());
            if (settings.kind() == MsalAppSettings.Kind.ON_BEHALF_OF) {
                return new OnBehalfOfTokenProvider(
                        () -> MsalApplications.confidentialClient(settings, http, signInExecutor()));
            }
            TokenCacheTokenProvider provider = new TokenCacheTokenProvider(
                    MsalApplications.publicClient(settings, http, signInExecutor()), settings.account(), scopes);
            if (!keepAlive.isZero()) {
                keepAlives.put(key, scheduler().scheduleAtFixedRate(provider::keepAlive, keepAlive.toMillis(),
                        keepAlive.toMillis(), TimeUnit.MILLISECONDS));
            }
            return provider;
        });
    }

    /** MSAL's IHttpClient is blocking: its calls run on this pool, never on a route thread. */
    private synchronized ExecutorService signInExecutor() {
        if (signInExecutor == null) {
            signInExecutor = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "CopilotSignIn");
        }
        return signInExecutor;
    }

    /**
     * Runs routes that read a chatOverStream iterator. Such a route waits between events, so it must not run on the
     * JDK's default CompletableFuture executor (the common pool, where the HTTP client completes its calls) and
     * starve everything else that uses it.
     */
    synchronized ExecutorService streamReaders() {
        if (streamReaders == null) {
            streamReaders = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "CopilotStreamReader");
        }
        return streamReaders;
    }

    // --- conversations per business key

    /** The store of endpoints that name none: the bean set or autowired on the component, else one in memory. */
    synchronized CopilotConversationStore conversationStore(CopilotConfiguration endpointConfiguration) {
        if (endpointConfiguration.getConversationStore() != null) {
            return endpointConfiguration.getConversationStore();
        }
        if (configuration.getConversationStore() != null) {
            return configuration.getConversationStore();
        }
        if (defaultConversationStore == null) {
            defaultConversationStore = new InMemoryConversationStore();
        }
        return defaultConversationStore;
    }

    /** Serialises the turns of each key across every endpoint of this component. */
    synchronized KeySequencer keySequencer() {
        if (keySequencer == null) {
            keySequencer = new KeySequencer(conversationStoreCalls());
        }
        return keySequencer;
    }

    /**
     * Runs the calls of a blocking conversation store (JDBC: a database round trip each). On the caller's thread they
     * would hold an HTTP client thread or a consumer's thread for every round trip; a small fixed pool keeps those
     * free and bounds the connections the store uses at once. Waiting calls queue here, they are never rejected.
     */
    synchronized ExecutorService conversationStoreCalls() {
        if (conversationStoreCalls == null) {
            conversationStoreCalls = getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "CopilotConversationStore", CONVERSATION_STORE_THREADS);
        }
        return conversationStoreCalls;
    }

    private static final int CONVERSATION_STORE_THREADS = 8;
    // --- end of conversations per business key

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
        keepAlives.values().forEach(future -> future.cancel(false));
        keepAlives.clear();
        msalProviders.clear();
        clients.clear();
        httpClients.clear();
        synchronized (this) {
            if (signInExecutor != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(signInExecutor);
                signInExecutor = null;
            }
            if (streamReaders != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(streamReaders);
                streamReaders = null;
            }
            if (scheduler != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
                scheduler = null;
            }
            if (conversationStoreCalls != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(conversationStoreCalls);
                conversationStoreCalls = null;
                keySequencer = null;
            }
        }
    }
}
