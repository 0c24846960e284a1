package io.github.camelcopilot.component;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.store.CopilotConversationStore;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of the copilot component. Set on the component they are the defaults of every endpoint; an endpoint
 * URI overrides them, and a message header overrides both where one is named.
 */
@UriParams
public class CopilotConfiguration implements Cloneable {

    @UriParam(defaultValue = "https://graph.microsoft.com/beta",
              description = "The API base URL: Microsoft Graph beta (the default), the Work IQ REST base"
                            + " (https://workiq.svc.cloud.microsoft/rest/beta) or a simulator's."
                            + " Plain http is refused unless the host is loopback or allowInsecure is set.")
    private String baseUrl = "https://graph.microsoft.com/beta";
    @UriParam(label = "advanced", defaultValue = "auto",
              description = "Where the conversations sit under the base URL: graph (baseUrl/copilot/conversations),"
                            + " workIq (baseUrl/conversations), or auto (workIq when the host is"
                            + " workiq.svc.cloud.microsoft).")
    private CopilotApiLayout apiLayout = CopilotApiLayout.auto;
    @UriParam(description = "The conversation to continue (chat, chatOverStream). Without one, chat and"
                            + " chatOverStream create a conversation first. Header: CamelCopilotConversationId.")
    private String conversationId;
    @UriParam(description = "A business key (a ticket, a mail thread, a customer) whose conversation chat and"
                            + " chatOverStream continue, or start and record in the conversationStore. An explicit"
                            + " conversation id wins over a key. Header: CamelCopilotConversationKey.")
    private String conversationKey;
    @UriParam(label = "advanced",
              description = "Where the conversation of each conversationKey is kept: a CopilotConversationStore"
                            + " (autowired when the registry holds exactly one). Defaults to a bounded in-memory"
                            + " store of the component; use a JdbcConversationStore to share keys between replicas"
                            + " and across restarts.")
    @Metadata(autowired = true)
    private CopilotConversationStore conversationStore;
    @UriParam(defaultValue = "0",
              description = "With a conversationKey: once the key's conversation has this many turns its next"
                            + " message starts a new conversation. 0 means no limit.")
    private int maxTurns;
    @UriParam(defaultValue = "0", javaType = "java.time.Duration",
              description = "With a conversationKey: once the key's conversation has been idle this long its next"
                            + " message starts a new conversation (the store may also drop such keys). 0 means no"
                            + " limit.")
    private long conversationIdleTimeout;
    @UriParam(description = "The user's time zone as an IANA id such as Europe/Berlin (Windows names are refused),"
                            + " sent as locationHint.timeZone. Defaults to the JVM's zone."
                            + " Header: CamelCopilotTimeZone.")
    private String timeZone;
    // No default: unset sends nothing and the service decides. Camel's tooling writes "defaultValue": false for every
    // boolean option all the same, so the note (appended to the description) says what the code does.
    @UriParam(defaultValueNote = "none: unset, nothing is sent and the service decides",
              description = "Whether Copilot may ground the answer on the web"
                            + " (contextualResources.webContext.isWebEnabled). Header: CamelCopilotWebEnabled.")
    private Boolean webEnabled;
    @UriParam(description = "Extra grounding text sent as additionalContext. A header may also carry a list of"
                            + " texts. Header: CamelCopilotAdditionalContext.")
    private String additionalContext;
    @UriParam(description = "Comma-separated OneDrive or SharePoint file URLs to ground on"
                            + " (contextualResources.files). A header may also carry a list. Header: CamelCopilotFiles.")
    private String files;
    @UriParam(label = "producer", defaultValue = "deltas", enums = "deltas,snapshots,final",
              description = "What chatOverStream returns: deltas (a lazy iterator of CopilotStreamUpdate), snapshots"
                            + " (a lazy iterator of each CopilotConversation snapshot) or final (the reply text once"
                            + " the stream ends, with no thread waiting on it; updates go to updateUri). Any case is"
                            + " accepted (final, FINAL).")
    private CopilotStreamMode streamMode = CopilotStreamMode.DELTAS;
    @UriParam(label = "producer",
              description = "With streamMode final: each CopilotStreamUpdate is also sent, as its own one-way exchange"
                            + " and in order, to this endpoint (for example seda:updates) while the stream runs. The"
                            + " stream's reading waits while the endpoint lags behind (a full seda queue is offered the"
                            + " update again later), and the reply comes once every update has been taken.")
    private String updateUri;
    @UriParam(label = "advanced",
              description = "Where the route continues after createConversation, chat and chatOverStream with"
                            + " streamMode final, and where updates are sent to updateUri: the name of an"
                            + " ExecutorService bean (yours to shut down) or the id of a Camel thread-pool profile (a"
                            + " pool of its maxPoolSize threads is made from it, with a queue that never refuses a"
                            + " task). Unset: the component's shared CopilotRoute pool, sized like Camel's default"
                            + " thread-pool profile (20 threads). Never the HTTP client's threads.")
    private String executorService;
    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration",
              description = "How long to wait for a connection to the service.")
    private long connectTimeout = 10_000;
    @UriParam(label = "advanced", defaultValue = "10000",
              description = "The most connections open at once to the service, per connection settings. An HTTP/1.1"
                            + " call holds a connection for its whole length (a stream too); HTTP/2 connections are"
                            + " shared (see maxStreamsPerConnection). A call that finds every connection busy waits,"
                            + " within its timeout, and is never sent twice for it.")
    private int maxConnections = 10_000;
    @UriParam(label = "advanced", defaultValue = "100",
              description = "The calls one HTTP/2 connection carries at once before another connection is opened"
                            + " (Graph's fronts commonly allow 100 concurrent streams). Where a server allows fewer,"
                            + " the extra calls wait on the connection for a free stream; nothing fails for the"
                            + " server's limit.")
    private int maxStreamsPerConnection = 100;
    @UriParam(label = "advanced", defaultValue = "300000", javaType = "java.time.Duration",
              description = "How long one attempt of createConversation and chat may take, from asking for the"
                            + " access token to the end of the response (the service can take minutes for grounded"
                            + " answers); for chatOverStream, the longest wait for the access token.")
    private long requestTimeout = 300_000;
    @UriParam(label = "advanced", defaultValue = "120000", javaType = "java.time.Duration",
              description = "chatOverStream: the longest silence allowed before the first byte and between bytes."
                            + " A stream has no total timeout.")
    private long streamIdleTimeout = 120_000;
    @UriParam(defaultValue = "3",
              description = "How often a call is retried after what the service cannot have processed: 429, 503"
                            + " (honouring Retry-After) or a connection that could not be made; 0 disables retrying."
                            + " chat and chatOverStream are not retried after a 504, a connection lost once sent or a"
                            + " response timeout (see retryPossiblyProcessed); createConversation is.")
    private int maxRetries = 3;
    @UriParam(label = "producer", defaultValue = "false",
              description = "Also retry chat and chatOverStream after a 504, a connection lost once the request was"
                            + " sent, or a response timeout. The service may have processed such a turn, so a retry"
                            + " can add it twice; by default the call fails with a CopilotException whose"
                            + " isPossiblyProcessed() is true and the route decides.")
    private boolean retryPossiblyProcessed;
    @UriParam(defaultValue = "60000", javaType = "java.time.Duration",
              description = "The longest wait before one retry. A Retry-After longer than this fails the call at once"
                            + " with the wait in the CopilotException.")
    private long maxRetryDelay = 60_000;
    @UriParam(label = "advanced", defaultValue = "500", javaType = "java.time.Duration",
              description = "The first backoff when the service gave no Retry-After; it doubles, with jitter, on each"
                            + " retry.")
    private long initialRetryDelay = 500;
    @UriParam(label = "advanced", defaultValue = "16777216",
              description = "The largest response body read into memory, in bytes; a larger one fails the call.")
    private long maxResponseSize = 16L * 1024 * 1024;
    @UriParam(label = "advanced", defaultValue = "1048576",
              description = "The largest chat request sent, in bytes of JSON (prompt, context and file list); a"
                            + " larger one is refused before sending.")
    private long maxRequestSize = 1024L * 1024;
    @UriParam(label = "advanced", defaultValue = "8388608",
              description = "The largest single server-sent event of a stream, in bytes; a larger one fails the"
                            + " stream.")
    private long maxEventSize = 8L * 1024 * 1024;
    @UriParam(label = "security", enums = "accessToken,onBehalfOf,tokenCache,provider",
              description = "How the delegated access token is obtained: accessToken (the accessToken option or the"
                            + " CamelCopilotAccessToken header), onBehalfOf (a confidential client exchanges the"
                            + " caller's token from the CamelCopilotUserAssertion header), tokenCache (silently from"
                            + " the tokenCacheFile a person filled once with the app's login command) or provider (a"
                            + " CopilotTokenProvider bean). Inferred when unset: onBehalfOf when clientSecret or"
                            + " certificateFile is set, tokenCache when tokenCacheFile is set, provider when a"
                            + " tokenProvider is set, accessToken otherwise.")
    private CopilotAuthMode authMode;
    @UriParam(label = "security", secret = true,
              description = "A delegated (user) access token for the API. Header: CamelCopilotAccessToken.")
    @Metadata(secret = true)
    private String accessToken;
    @UriParam(label = "security", defaultValue = "https://graph.microsoft.com/.default",
              description = "Comma-separated scopes requested for the token (for Work IQ:"
                            + " api://workiq.svc.cloud.microsoft/.default).")
    private String scopes = "https://graph.microsoft.com/.default";
    @UriParam(label = "security",
              description = "A user-supplied CopilotTokenProvider; autowired when the registry holds exactly one.")
    @Metadata(autowired = true)
    private CopilotTokenProvider tokenProvider;
    @UriParam(label = "security",
              description = "The Entra tenant (directory) id or domain of the app registration, for onBehalfOf and"
                            + " tokenCache. The authority defaults to https://login.microsoftonline.com/ + tenantId.")
    private String tenantId;
    @UriParam(label = "security",
              description = "The application (client) id of the Entra app registration, for onBehalfOf and"
                            + " tokenCache.")
    private String clientId;
    @UriParam(label = "security", secret = true,
              description = "onBehalfOf: the app registration's client secret (or use certificateFile).")
    @Metadata(secret = true)
    private String clientSecret;
    @UriParam(label = "security",
              description = "onBehalfOf: a PKCS#12 file (.p12/.pfx) holding the app registration's client certificate"
                            + " and its private key, used instead of a clientSecret.")
    private String certificateFile;
    @UriParam(label = "security", secret = true,
              description = "onBehalfOf: the password of the certificateFile.")
    @Metadata(secret = true)
    private String certificatePassword;
    @UriParam(label = "security",
              description = "The Entra authority, https://login.microsoftonline.com/ + tenantId unless set (for"
                            + " national clouds, for example https://login.microsoftonline.us/<tenant>/).")
    private String authority;
    @UriParam(label = "advanced",
              description = "Send sign-in requests to this base URL instead of the authority's host, keeping path and"
                            + " query, for a simulator such as http://127.0.0.1:8089 (MSAL4J needs a port-less https"
                            + " authority, so the authority stays e.g. https://login.fake.test/<tenant>/). Turns off"
                            + " MSAL's instance discovery. Plain http only to loopback.")
    private String authorityEndpoint;
    @UriParam(label = "security",
              description = "tokenCache: the file holding the MSAL token cache that the app's login command wrote"
                            + " (readable by its owner only; it holds refresh tokens).")
    private String tokenCacheFile;
    @UriParam(label = "security",
              description = "tokenCache: the username of the signed-in account to use; unset uses the only account in"
                            + " the cache.")
    private String account;
    @UriParam(label = "advanced", defaultValue = "86400000", javaType = "java.time.Duration",
              description = "tokenCache: how often the sign-in is refreshed while the route is idle, so that its"
                            + " refresh token does not expire (Entra drops refresh tokens unused for 90 days); 0 turns"
                            + " it off.")
    private long tokenKeepAlive = 86_400_000;
    @UriParam(label = "security",
              description = "TLS for the API and the token endpoint, as Camel's SSLContextParameters (for example a"
                            + " truststore holding a corporate CA). Unset: the JVM's default SSLContext, or the"
                            + " global SSLContextParameters with the component's useGlobalSslContextParameters."
                            + " Certificate and host name checks stay on.")
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "proxy",
              description = "An HTTP proxy host for every call, to the API and to the token endpoint (https goes"
                            + " through it with CONNECT). Needs proxyPort. Without it the JVM's https.proxyHost,"
                            + " http.proxyHost and http.nonProxyHosts apply, else the environment's HTTPS_PROXY,"
                            + " HTTP_PROXY and NO_PROXY (as curl reads them).")
    private String proxyHost;
    @UriParam(label = "proxy", description = "The HTTP proxy's port.")
    private Integer proxyPort;
    @UriParam(label = "proxy",
              description = "The user for the proxy's Basic authentication, answered to the proxy's challenge for"
                            + " CONNECT tunnels and plain requests alike (no JVM flag needed). Applies to the proxy"
                            + " from proxyHost, the JVM's settings or the environment.")
    private String proxyUser;
    @UriParam(label = "proxy", secret = true, description = "The password of proxyUser.")
    @Metadata(secret = true)
    private String proxyPassword;
    @UriParam(label = "proxy",
              description = "Hosts reached without the proxy, comma-separated, added to http.nonProxyHosts or"
                            + " NO_PROXY: a domain covers its subdomains (example.com or .example.com), an address"
                            + " range is written 10.0.0.0/8 (names are not resolved to match it); wildcards as in"
                            + " the Corporate networks section.")
    private String nonProxyHosts;
    @UriParam(label = "proxy", defaultValue = "false",
              description = "Ignore the environment's HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (the"
                            + " component's options and the JVM's proxy settings still apply).")
    private boolean ignoreEnvironmentProxy;
    @UriParam(label = "security", defaultValue = "false",
              description = "Allow a plain http base URL on a host that is not loopback. Tokens then travel"
                            + " unencrypted: for test rigs only.")
    private boolean allowInsecure;
    @UriParam(label = "advanced,monitoring", defaultValue = "true",
              description = "Forward the W3C trace context of the message (its traceparent and tracestate headers, as"
                            + " Camel's tracing sets them before a copilot: call) onto the Graph request, so that the"
                            + " service's side joins the trace. Only values of the W3C shape are sent.")
    private boolean propagateTraceContext = true;
    @UriParam(label = "advanced,monitoring", defaultValue = "false",
              description = "Put the prompt and the reply text on the call's span (gen_ai.input.messages and"
                            + " gen_ai.output.messages) when Camel's tracing is on. Off by default: prompts and"
                            + " replies may hold personal or confidential data, and trace back ends are rarely"
                            + " cleared for that.")
    private boolean traceContent;

    public CopilotConfiguration copy() {
        try {
            return (CopilotConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public CopilotApiLayout getApiLayout() {
        return apiLayout;
    }

    public void setApiLayout(CopilotApiLayout apiLayout) {
        this.apiLayout = apiLayout;
    }

    public String getConversationId() {
        return conversationId;
    }

    public void setConversationId(String conversationId) {
        this.conversationId = conversationId;
    }

    public String getConversationKey() {
        return conversationKey;
    }

    public void setConversationKey(String conversationKey) {
        this.conversationKey = conversationKey;
    }

    public CopilotConversationStore getConversationStore() {
        return conversationStore;
    }

    public void setConversationStore(CopilotConversationStore conversationStore) {
        this.conversationStore = conversationStore;
    }

    public int getMaxTurns() {
        return maxTurns;
    }

    public void setMaxTurns(int maxTurns) {
        this.maxTurns = maxTurns;
    }

    public long getConversationIdleTimeout() {
        return conversationIdleTimeout;
    }

    public void setConversationIdleTimeout(long conversationIdleTimeout) {
        this.conversationIdleTimeout = conversationIdleTimeout;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Boolean getWebEnabled() {
        return webEnabled;
    }

    public void setWebEnabled(Boolean webEnabled) {
        this.webEnabled = webEnabled;
    }

    public String getAdditionalContext() {
        return additionalContext;
    }

    public void setAdditionalContext(String additionalContext) {
        this.additionalContext = additionalContext;
    }

    public String getFiles() {
        return files;
    }

    public void setFiles(String files) {
        this.files = files;
    }

    public CopilotStreamMode getStreamMode() {
        return streamMode;
    }

    public void setStreamMode(CopilotStreamMode streamMode) {
        this.streamMode = streamMode;
    }

    public String getUpdateUri() {
        return updateUri;
    }

    public void setUpdateUri(String updateUri) {
        this.updateUri = updateUri;
    }

    public String getExecutorService() {
        return executorService;
    }

    public void setExecutorService(String executorService) {
        this.executorService = executorService;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxStreamsPerConnection() {
        return maxStreamsPerConnection;
    }

    public void setMaxStreamsPerConnection(int maxStreamsPerConnection) {
        this.maxStreamsPerConnection = maxStreamsPerConnection;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getStreamIdleTimeout() {
        return streamIdleTimeout;
    }

    public void setStreamIdleTimeout(long streamIdleTimeout) {
        this.streamIdleTimeout = streamIdleTimeout;
    }

    public boolean isPropagateTraceContext() {
        return propagateTraceContext;
    }

    public void setPropagateTraceContext(boolean propagateTraceContext) {
        this.propagateTraceContext = propagateTraceContext;
    }

    public boolean isTraceContent() {
        return traceContent;
    }

    public void setTraceContent(boolean traceContent) {
        this.traceContent = traceContent;
    }

    public boolean isRetryPossiblyProcessed() {
        return retryPossiblyProcessed;
    }

    public void setRetryPossiblyProcessed(boolean retryPossiblyProcessed) {
        this.retryPossiblyProcessed = retryPossiblyProcessed;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public long getInitialRetryDelay() {
        return initialRetryDelay;
    }

    public void setInitialRetryDelay(long initialRetryDelay) {
        this.initialRetryDelay = initialRetryDelay;
    }

    public long getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(long maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    public long getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    public long getMaxEventSize() {
        return maxEventSize;
    }

    public void setMaxEventSize(long maxEventSize) {
        this.maxEventSize = maxEventSize;
    }

    public CopilotAuthMode getAuthMode() {
        return authMode;
    }

    public void setAuthMode(CopilotAuthMode authMode) {
        this.authMode = authMode;
    }

    public String getAccessToken() {
        return accessToken;
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public String getScopes() {
        return scopes;
    }

    public void setScopes(String scopes) {
        this.scopes = scopes;
    }

    public CopilotTokenProvider getTokenProvider() {
        return tokenProvider;
    }

    public void setTokenProvider(CopilotTokenProvider tokenProvider) {
        this.tokenProvider = tokenProvider;
    }

    public boolean isAllowInsecure() {
        return allowInsecure;
    }

    public void setAllowInsecure(boolean allowInsecure) {
        this.allowInsecure = allowInsecure;
    }

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getCertificateFile() {
        return certificateFile;
    }

    public void setCertificateFile(String certificateFile) {
        this.certificateFile = certificateFile;
    }

    public String getCertificatePassword() {
        return certificatePassword;
    }

    public void setCertificatePassword(String certificatePassword) {
        this.certificatePassword = certificatePassword;
    }

    public String getAuthority() {
        return authority;
    }

    public void setAuthority(String authority) {
        this.authority = authority;
    }

    public String getAuthorityEndpoint() {
        return authorityEndpoint;
    }

    public void setAuthorityEndpoint(String authorityEndpoint) {
        this.authorityEndpoint = authorityEndpoint;
    }

    public String getTokenCacheFile() {
        return tokenCacheFile;
    }

    public void setTokenCacheFile(String tokenCacheFile) {
        this.tokenCacheFile = tokenCacheFile;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    public long getTokenKeepAlive() {
        return tokenKeepAlive;
    }

    public void setTokenKeepAlive(long tokenKeepAlive) {
        this.tokenKeepAlive = tokenKeepAlive;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyUser() {
        return proxyUser;
    }

    public void setProxyUser(String proxyUser) {
        this.proxyUser = proxyUser;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public String getNonProxyHosts() {
        return nonProxyHosts;
    }

    public void setNonProxyHosts(String nonProxyHosts) {
        this.nonProxyHosts = nonProxyHosts;
    }

    public boolean isIgnoreEnvironmentProxy() {
        return ignoreEnvironmentProxy;
    }

    public void setIgnoreEnvironmentProxy(boolean ignoreEnvironmentProxy) {
        this.ignoreEnvironmentProxy = ignoreEnvironmentProxy;
    }

    @Override
    public String toString() {
        // No token here, ever: this may end up in logs.
        return "CopilotConfiguration[baseUrl=" + baseUrl + ", authMode=" + authMode + ", accessToken="
               + (accessToken == null ? "none" : "***") + ", clientId=" + clientId + ", clientSecret="
               + (clientSecret == null ? "none" : "***") + ", certificatePassword="
               + (certificatePassword == null ? "none" : "***") + ", tokenCacheFile=" + tokenCacheFile + ", proxy="
               + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort) + ", proxyUser=" + proxyUser
               + ", proxyPassword=" + (proxyPassword == null ? "none" : "***") + "]";
    }
}
