package io.github.camelcopilot.component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.internal.auth.MsalAppSettings;
import io.github.camelcopilot.internal.client.CopilotHttpClient;
import io.github.camelcopilot.internal.client.HttpTransport;
import io.github.camelcopilot.internal.client.ProxyResolver;
import io.github.camelcopilot.internal.client.ProxyRoutes;
import io.github.camelcopilot.internal.client.RetryPolicy;
import io.github.camelcopilot.internal.keyed.KeyedConversations;
import io.github.camelcopilot.internal.observe.CopilotMeters;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talk to Microsoft 365 Copilot: create conversations, chat, and stream answers with the Copilot Chat API
 * (Microsoft Graph beta or Work IQ).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "copilot", title = "Microsoft 365 Copilot", syntax = "copilot:operation",
             category = { Category.AI }, producerOnly = true, headersClass = CopilotConstants.class)
public class CopilotEndpoint extends DefaultEndpoint implements AsyncEndpoint, EndpointServiceLocation {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotEndpoint.class);

    @UriPath(description = "The operation: createConversation, chat or chatOverStream (kebab-case accepted too).")
    @Metadata(required = true)
    private CopilotOperation operation;
    @UriParam
    private CopilotConfiguration configuration;
    @Deprecated // earlier versions' option, kept so that their routes still start
    @UriParam(label = "advanced,deprecated",
              description = "Ignored, with a warning: set streamReaderPoolSize on the component, whose one"
                            + " CopilotStreamReader pool serves every endpoint.")
    @Metadata(deprecationNote = "Set streamReaderPoolSize on the component")
    private Integer streamReaderPoolSize;

    private CopilotAuthMode authMode;
    private CopilotTokenProvider tokenProvider;
    private List<String> scopes;
    private String conversationsUrl;
    /** The service's host, the {@code server.address} of the meters. */
    private String serverAddress;
    private RetryPolicy retryPolicy;
    private TransportSettings connection;
    private CopilotComponent.MsalKey signIn;
    /** Held from start to stop, shared with the endpoints of equal settings. */
    private CopilotComponent.Transport transport;
    private String healthCheckId;
    private KeyedConversations keyedConversations;

    public CopilotEndpoint(String uri, CopilotComponent component, CopilotOperation operation,
                           CopilotConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public CopilotComponent getComponent() {
        return (CopilotComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return switch (operation) {
            case createConversation -> new CopilotCreateConversationProducer(this);
            case chat -> new CopilotChatProducer(this);
            case chatOverStream -> configuration.getStreamMode() == CopilotStreamMode.FINAL
                    ? new CopilotFinalStreamProducer(this) // unset: deltas
                    : new CopilotIteratorStreamProducer(this,
                            configuration.getStreamMode() == CopilotStreamMode.SNAPSHOTS);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The copilot component is producer only (to: copilot:...)");
    }

    /**
     * Takes the shared transport and sign-in of this endpoint's settings, registers the readiness check of its service
     * and sign-in (see {@link CopilotHealthChecks}); chat and chatOverStream endpoints get their keyed conversations.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        routeExecutor(); // an executorService that names nothing fails here, at start
        transport = getComponent().acquireTransport(connection);
        try {
            if (signIn != null) {
                tokenProvider = getComponent().acquireSignIn(signIn);
            }
        } catch (RuntimeException e) {
            getComponent().releaseTransport(connection);
            transport = null;
            throw e;
        }
        healthCheckId = getComponent().healthChecks().add(this, getComponent().isHealthCheckProducerEnabled());
        if (operation != CopilotOperation.createConversation) {
            CopilotComponent component = getComponent();
            keyedConversations = new KeyedConversations(component.conversationStore(configuration),
                    component.storeLanes(), configuration.getMaxTurns(), configuration.getConversationIdleTimeout(),
                    Duration.ofMillis(configuration.getRequestTimeout()), task -> routeExecutor().execute(task),
                    component::scheduler, this::meters);
            ServiceHelper.startService(keyedConversations);
        }
    }

    /**
     * Lets go of the shared transport and sign-in: the last endpoint using them closes them. When Camel stops, the
     * component's stop, which follows, first ends the calls under way, saying why, then closes them all.
     */
    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(keyedConversations);
        if (healthCheckId != null) {
            getComponent().healthChecks().remove(healthCheckId);
            healthCheckId = null;
        }
        if (transport != null && !getCamelContext().isStopping()) {
            getComponent().releaseTransport(connection);
            if (signIn != null) {
                getComponent().releaseSignIn(signIn);
            }
        }
        transport = null;
        super.doStop();
    }

    /** Validates the configuration when the route starts, so that mistakes surface before the first message. */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        CopilotConfiguration config = configuration;
        conversationsUrl = conversationsUrl(config);
        serverAddress = URI.create(conversationsUrl).getHost();
        requirePositive("connectTimeout", config.getConnectTimeout());
        requirePositive("requestTimeout", config.getRequestTimeout());
        requirePositive("streamIdleTimeout", config.getStreamIdleTimeout());
        requirePositive("maxRetryDelay", config.getMaxRetryDelay());
        requirePositive("initialRetryDelay", config.getInitialRetryDelay());
        requirePositive("maxResponseSize", config.getMaxResponseSize());
        requirePositive("maxEventSize", config.getMaxEventSize());
        requirePositive("maxRequestSize", config.getMaxRequestSize());
        if (streamReaderPoolSize != null) {
            LOG.warn("copilot:{} ignores streamReaderPoolSize={}: set it on the component, whose one pool serves every"
                     + " endpoint", operation, streamReaderPoolSize);
        }
        if (config.getMaxTurns() < 0 || config.getConversationIdleTimeout() < 0) {
            throw invalid("maxTurns and conversationIdleTimeout must be 0 (no limit) or more");
        }
        if (config.getMaxRetries() < 0) {
            throw invalid("maxRetries must be 0 or more, not " + config.getMaxRetries());
        }
        retryPolicy = new RetryPolicy(config.getMaxRetries(), Duration.ofMillis(config.getMaxRetryDelay()),
                Duration.ofMillis(config.getInitialRetryDelay()), config.isRetryPossiblyProcessed());
        if (config.getConversationId() != null) {
            failIfInvalid(InputChecks.checkConversationId(config.getConversationId()));
        }
        if (config.getTimeZone() != null) {
            failIfInvalid(InputChecks.checkTimeZone(config.getTimeZone()));
        }
        if (config.getFiles() != null) {
            for (String file : InputChecks.commaSeparated(config.getFiles())) {
                failIfInvalid(InputChecks.checkFileUri(file));
            }
        }
        if (config.getStreamMode() != CopilotStreamMode.FINAL && config.getUpdateUri() != null
            && operation == CopilotOperation.chatOverStream) {
            throw invalid("updateUri needs streamMode=final (with deltas or snapshots the route reads the updates"
                          + " from the body)");
        }
        scopes = InputChecks.commaSeparated(config.getScopes());
        if (config.getTokenKeepAlive() < 0) {
            throw invalid("tokenKeepAlive must be 0 (off) or more, not " + config.getTokenKeepAlive());
        }
        connection = connection(config);
        authMode = SignInOptions.modeOf(config);
        MsalAppSettings msal = authMode == CopilotAuthMode.onBehalfOf || authMode == CopilotAuthMode.tokenCache
                ? SignInOptions.msalSettings(authMode, config) : null;
        signIn = msal == null ? null : new CopilotComponent.MsalKey(msal, scopes,
                Duration.ofMillis(config.getTokenKeepAlive()), connection);
        tokenProvider = tokenProvider(config);
        logRoutes(msal);
    }

    /** Which proxy this endpoint's calls take, and where that came from; never a password. */
    private void logRoutes(MsalAppSettings signIn) {
        ProxyRoutes proxy = connection.proxy();
        String routes = "the API at " + proxy.describe(URI.create(conversationsUrl));
        if (signIn != null) {
            URI tokenEndpoint = signIn.authorityEndpoint() != null ? signIn.authorityEndpoint()
                    : URI.create(signIn.authority());
            routes += "; sign-in at " + proxy.describe(tokenEndpoint);
        }
        LOG.info("copilot:{} reaches {}", operation, routes);
    }

    /** TLS and proxy settings: the endpoint's, else the component's (or the global SSLContextParameters). */
    private TransportSettings connection(CopilotConfiguration config) {
        SSLContextParameters ssl = config.getSslContextParameters();
        if (ssl == null && getComponent().isUseGlobalSslContextParameters()) {
            ssl = getComponent().retrieveGlobalSslContextParameters();
        }
        ProxyRoutes proxy;
        try {
            proxy = ProxyResolver.resolve(new ProxyResolver.Options(config.getProxyHost(), config.getProxyPort(),
                    config.getProxyUser(), config.getProxyPassword(), config.getNonProxyHosts(),
                    config.isIgnoreEnvironmentProxy()), System.getProperties(), getComponent().environment());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (config.getMaxConnections() < 1 || config.getMaxStreamsPerConnection() < 1) {
            throw invalid("maxConnections and maxStreamsPerConnection must be 1 or more, not "
                          + config.getMaxConnections() + " and " + config.getMaxStreamsPerConnection());
        }
        return new TransportSettings(Duration.ofMillis(config.getConnectTimeout()), ssl, proxy,
                config.getMaxConnections(), config.getMaxStreamsPerConnection());
    }

    /** The provider of the provider and accessToken modes; the MSAL modes' is the component's, taken at start. */
    private CopilotTokenProvider tokenProvider(CopilotConfiguration config) {
        return switch (authMode) {
            case provider -> {
                if (config.getTokenProvider() == null) {
                    throw invalid("authMode=provider needs a tokenProvider: register one CopilotTokenProvider bean, or"
                                  + " set tokenProvider=#beanName");
                }
                yield config.getTokenProvider();
            }
            // Without the option the token must come with each message (header CamelCopilotAccessToken).
            case accessToken -> ObjectHelper.isEmpty(config.getAccessToken()) ? null
                    : fixedToken(config.getAccessToken().trim());
            case onBehalfOf, tokenCache -> null;
        };
    }

    /** A token obtained elsewhere (the accessToken option or header), used as is. */
    static CopilotTokenProvider fixedToken(String token) {
        CompletableFuture<String> fixed = CompletableFuture.completedFuture(token);
        return request -> fixed;
    }

    private static String conversationsUrl(CopilotConfiguration config) {
        String base = config.getBaseUrl() == null ? "" : config.getBaseUrl().trim();
        URI uri = httpUrl("baseUrl", base, config.isAllowInsecure());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        CopilotApiLayout layout = config.getApiLayout();
        if (layout == null || layout == CopilotApiLayout.auto) {
            layout = "workiq.svc.cloud.microsoft".equalsIgnoreCase(uri.getHost())
                    ? CopilotApiLayout.workIq : CopilotApiLayout.graph;
        }
        return base + (layout == CopilotApiLayout.workIq ? "/conversations" : "/copilot/conversations");
    }

    /**
     * An absolute http(s) URL; plain http only to a loopback address unless allowInsecure: tokens and secrets would
     * travel unencrypted.
     */
    static URI httpUrl(String option, String value, boolean allowInsecure) {
        URI uri = parseUrl(option, value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(option + " '" + value + "' must be an absolute https URL such as"
                          + " https://graph.microsoft.com/beta");
        }
        if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
            throw invalid(option + " '" + value + "' uses plain http to a host that is not loopback: tokens and"
                          + " secrets would travel unencrypted. Use https, or set allowInsecure=true for a test rig");
        }
        return uri;
    }

    static URI parseUrl(String option, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw invalid(option + " '" + value + "' is not a valid URL");
        }
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // only literal addresses: a name is never resolved just to check it
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) {
            throw invalid(option + " must be positive, not " + value);
        }
    }

    private static void failIfInvalid(String problem) {
        if (problem != null) {
            throw invalid(problem);
        }
    }

    static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("Invalid copilot endpoint configuration: " + problem);
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "https";
    }

    public CopilotOperation getOperation() {
        return operation;
    }

    public void setOperation(CopilotOperation operation) {
        this.operation = operation;
    }

    @Deprecated
    public Integer getStreamReaderPoolSize() {
        return streamReaderPoolSize;
    }

    @Deprecated
    public void setStreamReaderPoolSize(Integer streamReaderPoolSize) {
        this.streamReaderPoolSize = streamReaderPoolSize;
    }

    public CopilotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(CopilotConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The configured token provider, or null when tokens come with each message only. */
    CopilotTokenProvider tokenProvider() {
        return tokenProvider;
    }

    /** The sign-in mode in force (set, or inferred when the route started). */
    CopilotAuthMode authMode() {
        return authMode;
    }

    List<String> scopes() {
        return scopes;
    }

    String conversationsUrl() {
        return conversationsUrl;
    }

    /** The meters of this endpoint's calls ({@code server.address} is its host). */
    CopilotMeters meters() {
        return getComponent().observability().meters(serverAddress);
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Where the route continues after a call (create, chat, the final mode) and updates are relayed. */
    Executor routeExecutor() {
        return getComponent().threads().routeExecutor(configuration.getExecutorService());
    }

    /** Where a route that reads a stream iterator continues. */
    Executor streamReaders() {
        return getComponent().threads().streamReaders();
    }

    /** The conversations per key of a chat or chatOverStream endpoint, made when it starts. */
    KeyedConversations keyedConversations() {
        return keyedConversations;
    }

    /** The client of this endpoint's transport, while the endpoint runs. */
    CopilotHttpClient client() {
        return transport.client();
    }

    /** The transport under {@link #client()}: the same connections, for the health check's one GET. */
    HttpTransport transport() {
        return transport.http();
    }

    /** The connection settings (timeout, TLS, proxy) in force, set when the route started. */
    TransportSettings connection() {
        return connection;
    }
}
