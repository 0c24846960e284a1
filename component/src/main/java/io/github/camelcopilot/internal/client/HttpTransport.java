package io.github.camelcopilot.internal.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import io.github.camelcopilot.internal.auth.SignInHttp;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.nio.DefaultAsyncClientConnectionOperator;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.CallbackContribution;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducerWrapper;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP stack of a connection configuration, for Graph and sign-in alike: HttpClient 5 async, HTTP/2 where
 * ALPN offers it ({@link StreamSharingConnPool} shares its connections), HTTP/1.1 otherwise. HttpClient's retries,
 * redirects and cookies are off: the Copilot client decides retries with what it knows of the request.
 */
public final class HttpTransport implements AutoCloseable {

    static final String USER_AGENT = "camel-copilot";
    private static final int HTTP1_BUFFER_SIZE = 8 * 1024;
    private static final String PAST_THE_PROXY = "io.github.camelcopilot.past-the-proxy";

    /**
     * @param sslContext           null for the JVM's default
     * @param streamsPerConnection the calls one HTTP/2 connection carries before another is opened
     */
    public record Settings(Duration connectTimeout, SSLContext sslContext, ProxyRoutes proxy, int maxConnections,
                           int streamsPerConnection, int ioThreads) {
    }

    private final Settings settings;
    private final StreamSharingConnPool pool;
    private final PoolingAsyncClientConnectionManager connections;
    private final CloseableHttpAsyncClient client;

    public HttpTransport(Settings settings, ThreadFactory ioThreadFactory) {
        this.settings = settings;
        SSLContext ssl = settings.sslContext() != null ? settings.sslContext() : SSLContexts.createSystemDefault();
        TlsStrategy tls = ClientTlsStrategyBuilder.create().setSslContext(ssl)
                .setTlsVersions(TLS.V_1_3, TLS.V_1_2).build();
        this.pool = new StreamSharingConnPool(settings.maxConnections(), settings.streamsPerConnection());
        // Both constructors are protected (anonymous subclasses): HttpClient's hook for a pool of one's own.
        var operator = new DefaultAsyncClientConnectionOperator(
                RegistryBuilder.<TlsStrategy>create().register("https", tls).build(), null, null) {
        };
        this.connections = new PoolingAsyncClientConnectionManager(pool, operator) {
        };
        Timeout connectTimeout = Timeout.of(settings.connectTimeout());
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(connectTimeout)
                // The client's own deadlines bound every call; an idle HTTP/2 connection must not be cut.
                .setSocketTimeout(Timeout.DISABLED)
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .build());
        connections.setDefaultTlsConfig(TlsConfig.custom()
                .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                .setHandshakeTimeout(connectTimeout)
                .build());
        var builder = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(settings.ioThreads())
                        .setTcpNoDelay(true)
                        .setSoTimeout(Timeout.DISABLED)
                        .build())
                .setThreadFactory(ioThreadFactory)
                .setH2Config(H2Config.custom().setPushEnabled(false).build())
                // HttpClient 5.6 gives each HTTP/1.1 connection three 32 KB buffers; with a connection per open
                // stream that is 96 KB a stream. Copilot's bodies are small: 8 KB each (HttpClient's earlier default).
                .setHttp1Config(Http1Config.custom().setBufferSize(HTTP1_BUFFER_SIZE).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.DISABLED)
                        .setResponseTimeout(Timeout.DISABLED)
                        .setRedirectsEnabled(false)
                        .build())
                .setUserAgent(USER_AGENT)
                // No wire log: it would print request and response bodies (prompts, answers) at DEBUG.
                .setIoSessionDecorator(session -> session)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableConnectionState();
        ProxyRoutes proxy = settings.proxy();
        builder.setRoutePlanner(new DefaultRoutePlanner(null) {
            @Override
            protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                ProxyRoutes.Server server = proxy.proxyFor(target.getSchemeName(), target.getHostName());
                return server == null ? null : new HttpHost("http", server.host(), server.port());
            }
        });
        // Basic (or whatever the proxy asks for) answered to the proxy's challenge only: the scope is the proxy.
        CredentialsProviderBuilder credentials = CredentialsProviderBuilder.create();
        for (ProxyRoutes.Server server : new ProxyRoutes.Server[] {proxy.https(), proxy.http()}) {
            if (server != null && server.user() != null) {
                credentials.add(new AuthScope(server.host(), server.port()), server.user(),
                        server.password().toCharArray());
            }
        }
        builder.setDefaultCredentialsProvider(credentials.build());
        // Marks the exchanges that got past the proxy: a response to one that did not is the proxy refusing a tunnel.
        builder.addExecInterceptorAfter(ChainElement.CONNECT.name(), "copilot-past-the-proxy",
                (request, entity, scope, chain, callback) -> {
                    scope.clientContext.setAttribute(PAST_THE_PROXY, Boolean.TRUE);
                    chain.proceed(request, entity, scope, callback);
                });
        this.client = builder.build();
        client.start();
    }

    /** Where requests go: the parts of a URL that HttpClient's request builder takes from it, parsed once. */
    record Target(String scheme, URIAuthority authority, String path) {
        static Target of(URI uri) {
            String path = uri.getRawPath() == null || uri.getRawPath().isBlank() ? "/" : uri.getRawPath();
            return new Target(uri.getScheme(), new URIAuthority(uri.getRawUserInfo(), uri.getHost(), uri.getPort()),
                    uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        }

        Target plus(String subPath) {
            return new Target(scheme, authority, path + subPath);
        }
    }

    private static HttpRequest request(String method, Target target, Map<String, String> headers) {
        HttpRequest request = new BasicHttpRequest(method, target.scheme(), target.authority(), target.path());
        headers.forEach(request::setHeader);
        return request;
    }

    /** A POST whose body reports when it starts to leave the client: until then the service cannot have seen it. */
    final class Post {
        private final Target target;
        private final AsyncRequestProducer request;
        private volatile boolean started;

        Post(Target target, Map<String, String> headers, byte[] body, ContentType type) {
            this.target = target;
            this.request = new BasicRequestProducer(request("POST", target, headers),
                    new AsyncEntityProducerWrapper(AsyncEntityProducers.create(body, type)) {
                        @Override
                        public void produce(DataStreamChannel channel) throws IOException {
                            if (!started) {
                                started = true;
                                pool.requestStarted(); // the connection's protocol is known: calls waiting may go
                            }
                            super.produce(channel);
                        }
                    });
        }

        /** Whether any of the request was handed to a connection: from then on the service may have it. */
        boolean started() {
            return started;
        }

        /** Sends it; an answer from a proxy that refused the call fails it with a {@link ProxyRefusedException}. */
        Future<ResponseReader.Received> execute(ResponseReader reader,
                                                FutureCallback<ResponseReader.Received> callback) {
            HttpClientContext context = HttpClientContext.create();
            return client.execute(request, reader, null, context, new CallbackContribution<>(callback) {
                @Override
                public void completed(ResponseReader.Received received) {
                    ProxyRefusedException refused = proxyRefusal(target, context, received);
                    if (refused != null) {
                        callback.failed(refused);
                    } else {
                        callback.completed(received);
                    }
                }
            });
        }
    }

    Post post(Target target, Map<String, String> headers, byte[] body, ContentType type) {
        return new Post(target, headers, body, type);
    }

    /** Sends a request and waits at most {@code timeout} for its whole response: for callers that block anyway. */
    public SignInHttp.Answer exchange(String method, URI uri, Map<String, String> headers, byte[] body,
                                      String contentType, Duration timeout, long maxBytes)
            throws IOException, InterruptedException {
        Target target = Target.of(uri);
        AsyncEntityProducer entity = body == null ? null : AsyncEntityProducers.create(body,
                contentType == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(contentType));
        HttpClientContext context = HttpClientContext.create();
        Future<ResponseReader.Received> answer = client.execute(
                new BasicRequestProducer(request(method, target, headers), entity),
                new ResponseReader(maxBytes, null, null, null), null, context, null);
        try {
            ResponseReader.Received received = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            ProxyRefusedException refused = proxyRefusal(target, context, received);
            if (refused != null) {
                throw refused;
            }
            Map<String, List<String>> names = new LinkedHashMap<>();
            for (var header : received.head().getHeaders()) {
                names.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
            }
            return new SignInHttp.Answer(received.status(), names,
                    new String(received.body(), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new InterruptedIOException("no complete response within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? e : cause);
        }
    }

    /**
     * The proxy's refusal, when the answer came from the proxy: a 407, or any answer to an exchange that never got
     * past the proxy (HttpClient hands a refused tunnel's response to the request's consumer).
     */
    private ProxyRefusedException proxyRefusal(Target target, HttpClientContext context,
                                               ResponseReader.Received received) {
        boolean pastTheProxy = context.getAttribute(PAST_THE_PROXY) != null;
        if (pastTheProxy && received.status() != 407) {
            return null;
        }
        String host = target.authority().getHostName();
        return ProxyRefusedException.of(settings.proxy().proxyFor(target.scheme(), host),
                ProxyRoutes.hostAndPort(target.scheme(), host, target.authority().getPort()), received.status(),
                received.head().getReasonPhrase(), !pastTheProxy);
    }

    /** This transport as MSAL's HTTP client sees it (token responses are small: 1 MB at most). */
    public SignInHttp signInHttp() {
        return (method, uri, headers, body, timeout) -> exchange(method, uri, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                headers.getOrDefault("Content-Type", "application/x-www-form-urlencoded"), timeout, 1 << 20);
    }

    /** A small transport for signing in outside a component: the JVM's TLS and proxy, one daemon I/O thread. */
    public static HttpTransport standalone(Duration connectTimeout, String threadName) {
        return new HttpTransport(new Settings(connectTimeout, null, ProxyResolver.resolve(ProxyResolver.Options.NONE),
                16, 100, 1), task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Closes connections idle for longer than {@code idle}; the owner calls it from its scheduler. */
    public void closeIdle(Duration idle) {
        connections.closeIdle(TimeValue.of(idle));
        connections.closeExpired();
    }

    /** Connections open or leased now, all routes. */
    public int connections() {
        return pool.connections();
    }

    /** Calls waiting for the pool to hand them a connection (not those queued on an HTTP/2 connection). */
    public int waitingForConnection() {
        return pool.waiting();
    }

    /** Closes every connection at once. */
    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    @Override
    public String toString() {
        return "HttpTransport[" + settings + "]";
    }
}
