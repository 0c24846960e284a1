package io.github.camelcopilot.component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.MsalAppSettings;
import io.github.camelcopilot.auth.StaticTokenProvider;
import io.github.camelcopilot.client.CopilotHttpClient;
import io.github.camelcopilot.client.HttpTransport;
import io.github.camelcopilot.client.ProxyResolver;
import io.github.camelcopilot.client.ProxyRoutes;
import io.github.camelcopilot.client.RetryPolicy;
import io.github.camelcopilot.observe.CopilotMeters;
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
import org.apache.camel.support.jsse.SSLContextParameters;
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
    private HttpConnection connection;
    private String healthCheckId;

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

    /** Registers the readiness check of this endpoint's service and sign-in (see {@link CopilotHealthChecks}). */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        healthCheckId = getComponent().healthChecks().add(this, getComponent().isHealthCheckProducerEnabled());
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckId != null) {
            getComponent().healthChecks().remove(getCamelContext(), healthCheckId);
            healthCheckId = null;
        }
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
            failIfInvalid(CopilotInput.checkConversationId(config.getConversationId()));
        }
        if (config.getTimeZone() != null) {
            failIfInvalid(CopilotInput.checkTimeZone(config.getTimeZone()));
        }
        if (config.getFiles() != null) {
            for (String file : config.getFiles().split(",")) {
                if (!file.isBlank()) {
                    failIfInvalid(CopilotInput.checkFileUri(file.trim()));
                }
            }
        }
        if (config.getStreamMode() != CopilotStreamMode.FINAL && config.getUpdateUri() != null
            && operation == CopilotOperation.chatOverStream) {
            throw invalid("updateUri needs streamMode=final (with deltas or snapshots the route reads the updates"
                          + " from the body)");
        }
        scopes = Arrays.stream(config.getScopes().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (config.getTokenKeepAlive() < 0) {
            throw invalid("tokenKeepAlive must be 0 (off) or more, not " + config.getTokenKeepAlive());
        }
        routeExecutor(); // an executorService that names nothing fails here, at start
        connection = connection(config);
        authMode = CopilotSignIn.modeOf(config);
        MsalAppSettings signIn = authMode == CopilotAuthMode.onBehalfOf || authMode == CopilotAuthMode.tokenCache
                ? CopilotSignIn.msalSettings(authMode, config) : null;
        tokenProvider = tokenProvider(config, signIn);
        logRoutes(signIn);
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
    private HttpConnection connection(CopilotConfiguration config) {
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
        return new HttpConnection(Duration.ofMillis(config.getConnectTimeout()), ssl, proxy,
                config.getMaxConnections(), config.getMaxStreamsPerConnection());
    }

    private CopilotTokenProvider tokenProvider(CopilotConfiguration config, MsalAppSettings signIn) {
        return switch (authMode) {
            case provider -> {
                if (config.getTokenProvider() == null) {
                    throw invalid("authMode=provider needs a tokenProvider: register one CopilotTokenProvider bean, or"
                                  + " set tokenProvider=#beanName");
                }
                yield config.getTokenProvider();
            }
            // Without the option the token must come with each message (header CamelCopilotAccessToken).
            case accessToken -> config.getAccessToken() == null || config.getAccessToken().isBlank()
                    ? null : new StaticTokenProvider(config.getAccessToken().trim());
            case onBehalfOf, tokenCache -> getComponent().msalTokenProvider(signIn, scopes,
                    Duration.ofMillis(config.getTokenKeepAlive()), connection);
        };
    }

    private static String conversationsUrl(CopilotConfiguration config) {
        String base = config.getBaseUrl() == null ? "" : config.getBaseUrl().trim();
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw invalid("baseUrl '" + base + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("baseUrl '" + base + "' must be an absolute https URL such as https://graph.microsoft.com/beta");
        }
        if (scheme.equals("http") && !config.isAllowInsecure() && !isLoopback(uri.getHost())) {
            throw invalid("baseUrl '" + base + "' uses plain http to a host that is not loopback: tokens would travel"
                          + " unencrypted. Use https, or set allowInsecure=true for a test rig");
        }
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

    static boolean isLoopback(String host) {
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
        return getComponent().routeExecutor(configuration.getExecutorService());
    }

    /** Where a route that reads a stream iterator continues. */
    Executor streamReaders() {
        return getComponent().threads().streamReaders();
    }

    CopilotHttpClient client() {
        return getComponent().client(connection);
    }

    /** The transport under {@link #client()}: the same connections, for the health check's one GET. */
    HttpTransport transport() {
        return getComponent().transport(connection);
    }

    /** The connection settings (timeout, TLS, proxy) in force, set when the route started. */
    HttpConnection connection() {
        return connection;
    }
}
