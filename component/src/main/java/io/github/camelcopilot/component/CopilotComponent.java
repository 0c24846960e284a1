package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.internal.auth.MsalAppSettings;
import io.github.camelcopilot.internal.auth.MsalApplications;
import io.github.camelcopilot.internal.auth.MsalTokenProvider;
import io.github.camelcopilot.internal.auth.OnBehalfOfTokenProvider;
import io.github.camelcopilot.internal.auth.SignInHttp;
import io.github.camelcopilot.internal.auth.TokenCacheTokenProvider;
import io.github.camelcopilot.internal.client.CopilotCallGroup;
import io.github.camelcopilot.internal.client.CopilotHttpClient;
import io.github.camelcopilot.internal.client.HttpTransport;
import io.github.camelcopilot.internal.keyed.StoreLanes;
import io.github.camelcopilot.internal.observe.CopilotObservability;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.store.CopilotConversationStore;
import io.github.camelcopilot.store.InMemoryConversationStore;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.StringHelper;

/** The {@code copilot:} component: the Microsoft 365 Copilot Chat API. */
@Component("copilot")
public class CopilotComponent extends HealthCheckComponent implements SSLContextParametersAware {

    @Metadata(description = "The component's options, the defaults of every copilot endpoint.")
    private CopilotConfiguration configuration = new CopilotConfiguration();
    @Metadata(label = "security", defaultValue = "false",
              description = "Use the CamelContext's global SSLContextParameters where no sslContextParameters is set.")
    private boolean useGlobalSslContextParameters;
    // No defaultValue: it depends on the machine, and @Metadata has no defaultValueNote, so the description says it.
    @Metadata(label = "advanced",
              description = "The I/O threads (CopilotHttp) of each HTTP transport (one per distinct connection"
                            + " settings: TLS, proxy, timeouts): requests are written, responses read and stream"
                            + " events parsed there, no route step runs there. They never block, so a few carry"
                            + " thousands of calls and streams; one more thread per transport opens connections."
                            + " Unset: the number of cores.")
    private int httpPoolSize = CopilotThreads.DEFAULT_HTTP_THREADS;
    @Metadata(label = "advanced", defaultValue = "4",
              description = "The threads of the component's CopilotSignIn pool, on which MSAL makes its blocking calls"
                            + " to the token endpoint (onBehalfOf, tokenCache), one call per thread at a time. More"
                            + " sign-ins at once wait for a thread, none is refused.")
    private int signInPoolSize = CopilotThreads.DEFAULT_SIGN_IN_THREADS;
    @Metadata(label = "advanced", defaultValue = "8",
              description = "The threads of each blocking conversation store's CopilotConversationStore pool (a"
                            + " JdbcConversationStore: one database round trip per thread at a time), shared by the"
                            + " endpoints using the store and ended with the last of them. It bounds the store's"
                            + " calls at once; more wait for a thread, none is refused.")
    private int conversationStorePoolSize = 8;
    @Metadata(label = "advanced", defaultValue = "20",
              description = "The threads of the component's one CopilotStreamReader pool, on which routes that read a"
                            + " chatOverStream iterator body (deltas, snapshots) continue. Each stream being read holds"
                            + " one until it ends; further streams wait for a thread, their reading paused after 32"
                            + " events.")
    private int streamReaderPoolSize = CopilotThreads.DEFAULT_STREAM_READER_THREADS;
    @Metadata(label = "advanced,monitoring", defaultValue = "true",
              description = "Record the component's meters (calls, latency, retries, streams, tokens, keyed"
                            + " conversations) in the Micrometer MeterRegistry of the Camel registry, when there is"
                            + " one (camel-micrometer's, or a bean of your own). Without a registry nothing is"
                            + " recorded and Micrometer is not needed.")
    private boolean metricsEnabled = true;
    private volatile CopilotObservability observability;

    /** One transport (and its client) per distinct transport settings, shared by the endpoints that use them. */
    private final SharedByKey<TransportSettings, Transport> transports = new SharedByKey<>(Transport::close);
    /**
     * One long-lived MSAL application (behind its provider) per sign-in configuration: endpoints that share one
     * share its token cache. A new application per exchange would call the token endpoint every time.
     */
    private final SharedByKey<MsalKey, SignIn> signIns = new SharedByKey<>(this::release);
    private volatile CopilotThreads threads;
    /** Everything under way (calls, streams, keyed turns), by route below it; the component's stop ends it. */
    private volatile CopilotCallGroup inFlight = new CopilotCallGroup();
    private final Map<String, CopilotCallGroup> routeCalls = new ConcurrentHashMap<>();
    static final String COMPONENT_STOPPING = "the copilot component is stopping";
    private final CopilotHealthChecks healthChecks = new CopilotHealthChecks();
    /** Where HTTPS_PROXY and its kin are read: the process's environment, or a test's stand-in for it. */
    private volatile Map<String, String> environment = System.getenv();

    private CopilotConversationStore defaultConversationStore;
    private final StoreLanes storeLanes = new StoreLanes(this, () -> conversationStorePoolSize);

    /** What makes two sign-in configurations the same; the scopes matter for tokenCache's keep-alive. */
    record MsalKey(MsalAppSettings settings, List<String> scopes, Duration keepAlive, TransportSettings transport) {
    }

    /** A transport, the client over it and the task that closes its idle connections. */
    record Transport(HttpTransport http, CopilotHttpClient client, ScheduledFuture<?> idleCloser) {
        void close() {
            idleCloser.cancel(false);
            http.close();
        }
    }

    private record SignIn(MsalTokenProvider provider, TransportSettings transport, ScheduledFuture<?> keepAlive) {
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

    public int getHttpPoolSize() {
        return httpPoolSize;
    }

    public void setHttpPoolSize(int httpPoolSize) {
        this.httpPoolSize = httpPoolSize;
    }

    public boolean isMetricsEnabled() {
        return metricsEnabled;
    }

    public void setMetricsEnabled(boolean metricsEnabled) {
        this.metricsEnabled = metricsEnabled;
    }

    public int getConversationStorePoolSize() {
        return conversationStorePoolSize;
    }

    public void setConversationStorePoolSize(int conversationStorePoolSize) {
        this.conversationStorePoolSize = conversationStorePoolSize;
    }

    public int getStreamReaderPoolSize() {
        return streamReaderPoolSize;
    }

    public void setStreamReaderPoolSize(int streamReaderPoolSize) {
        this.streamReaderPoolSize = streamReaderPoolSize;
    }

    public int getSignInPoolSize() {
        return signInPoolSize;
    }

    public void setSignInPoolSize(int signInPoolSize) {
        this.signInPoolSize = signInPoolSize;
    }

    /** Pool sizes are checked when the component starts, so that a mistake stops the context instead of a call. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (inFlight.stopReason() != null) {
            inFlight = new CopilotCallGroup(); // started again after a stop
            routeCalls.clear();
        }
        requirePoolSize("httpPoolSize", httpPoolSize);
        requirePoolSize("signInPoolSize", signInPoolSize);
        requirePoolSize("conversationStorePoolSize", conversationStorePoolSize);
        requirePoolSize("streamReaderPoolSize", streamReaderPoolSize);
    }

    private static void requirePoolSize(String option, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Invalid copilot component configuration: " + option
                                               + " must be 1 or more, not " + size);
        }
    }

    CopilotHealthChecks healthChecks() {
        return healthChecks;
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }

    /** The environment the proxy settings are read from (see {@link io.github.camelcopilot.internal.client.ProxyResolver}). */
    Map<String, String> environment() {
        return environment;
    }

    /** For tests: a running JVM cannot change its own environment. */
    void setEnvironment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * What a route has under way through this component (calls, open streams, keyed turns waiting): a group under the
     * component's, which the route's stop ends, not the stop of one of its producers (Camel stops the dynamic
     * producers it evicts from its cache while their calls go on). Null route: the component's own group.
     */
    CopilotCallGroup callsOf(String routeId) {
        if (routeId == null) {
            return inFlight;
        }
        return routeCalls.compute(routeId, (id, group) -> group == null || group.stopReason() != null
                ? inFlight.child() : group);
    }

    /** The route stopped (or is being removed): what it still has under way fails now, saying so. */
    void routeStopped(String routeId, String reason) {
        CopilotCallGroup group = routeCalls.remove(routeId);
        if (group != null) {
            group.stop(reason);
        }
    }

    /**
     * The transport for these settings (TLS, proxy, connection limits), used for the API and for sign-in alike, on
     * its own I/O threads, where nothing but reading, writing and parsing happens: routes continue elsewhere. Until
     * {@link #releaseTransport}; idle connections close after a minute.
     */
    Transport acquireTransport(TransportSettings settings) {
        return transports.acquire(settings, key -> {
            HttpTransport http = key.build(getCamelContext(), threads().ioThreads(), threads().httpThreads());
            long idle = IDLE_CONNECTION.toSeconds();
            return new Transport(http, new CopilotHttpClient(http, scheduler(), CopilotJson.mapper(), inFlight),
                    scheduler().scheduleWithFixedDelay(() -> http.closeIdle(IDLE_CONNECTION), idle, idle,
                            TimeUnit.SECONDS));
        });
    }

    void releaseTransport(TransportSettings settings) {
        transports.release(settings);
    }

    /** How long a connection nobody uses stays open. */
    private static final Duration IDLE_CONNECTION = Duration.ofSeconds(60);

    /**
     * The shared MSAL-backed provider of a sign-in configuration, until {@link #releaseSignIn}; a tokenCache provider
     * gets its keep-alive refresh scheduled (unless {@code keepAlive} is zero).
     */
    MsalTokenProvider acquireSignIn(MsalKey key) {
        return signIns.acquire(key, ignored -> {
            var http = acquireTransport(key.transport()).http().signInHttp();
            try {
                return signIn(key, http);
            } catch (RuntimeException e) {
                releaseTransport(key.transport());
                throw e;
            }
        }).provider();
    }

    private SignIn signIn(MsalKey key, SignInHttp http) {
        MsalAppSettings settings = key.settings();
        if (settings.kind() == MsalAppSettings.Kind.ON_BEHALF_OF) {
            return new SignIn(new OnBehalfOfTokenProvider(() -> MsalApplications.confidentialClient(settings, http,
                    threads().signInExecutor())), key.transport(), null);
        }
        TokenCacheTokenProvider provider = new TokenCacheTokenProvider(
                MsalApplications.publicClient(settings, http, threads().signInExecutor()), settings.account(),
                key.scopes());
        long keepAlive = key.keepAlive().toMillis();
        return new SignIn(provider, key.transport(), keepAlive == 0 ? null : scheduler().scheduleAtFixedRate(
                provider::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS));
    }

    void releaseSignIn(MsalKey key) {
        signIns.release(key);
    }

    private void release(SignIn signIn) {
        if (signIn.keepAlive() != null) {
            signIn.keepAlive().cancel(false);
        }
        transports.release(signIn.transport());
    }

    /** Transports and sign-ins held for the endpoints that use them. */
    int shared() {
        return transports.values().size() + signIns.values().size();
    }

    /** The component's pools, made on first use after each start. */
    CopilotThreads threads() {
        CopilotThreads current = threads;
        if (current == null) {
            synchronized (this) {
                if (threads == null) {
                    threads = new CopilotThreads(this, getCamelContext(), httpPoolSize, signInPoolSize,
                            streamReaderPoolSize);
                }
                current = threads;
            }
        }
        return current;
    }

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

    /** What the endpoints on one conversation store share: its key order and pool. */
    StoreLanes storeLanes() {
        return storeLanes;
    }

    /** The component's meters and spans, made on first use after each start. */
    CopilotObservability observability() {
        CopilotObservability current = observability;
        if (current == null) {
            synchronized (this) {
                if (observability == null) {
                    observability = CopilotObservability.start(getCamelContext(), metricsEnabled,
                            this::waitingForConnection);
                }
                current = observability;
            }
        }
        return current;
    }

    /** Calls waiting for a connection, across the transports. */
    private int waitingForConnection() {
        int waiting = 0;
        for (Transport transport : transports.values()) {
            waiting += transport.http().waitingForConnection();
        }
        return waiting;
    }

    /** Schedules retries and stream idle timers: waits without holding a thread. */
    ScheduledExecutorService scheduler() {
        return threads().scheduler();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        // Before the transports and the scheduler go: calls waiting for a retry, a token or a response, and open
        // streams, fail saying why.
        inFlight.stop(COMPONENT_STOPPING);
        signIns.clear();
        transports.clear();
        CopilotThreads stopping;
        CopilotObservability observed;
        synchronized (this) {
            observed = observability;
            observability = null;
            stopping = threads;
            threads = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
        if (observed != null) {
            observed.stop();
        }
    }
}
