package io.github.camelcopilot.component;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Sends every request with the proxy's Basic credentials (Proxy-Authorization). The JDK client's own Authenticator
 * cannot be used for this: with one set, it drops the caller's Authorization header, which carries the bearer token.
 * The JDK sends a Proxy-Authorization header to the proxy only: on the CONNECT of an https tunnel (where it refuses
 * Basic unless {@code jdk.http.auth.tunneling.disabledSchemes} is cleared) or with a plain http request, never into
 * the tunnel to the service.
 */
final class ProxyAuthorizingHttpClient extends HttpClient {

    private final HttpClient http;
    private final String proxyAuthorization;

    ProxyAuthorizingHttpClient(HttpClient http, String proxyAuthorization) {
        this.http = http;
        this.proxyAuthorization = proxyAuthorization;
    }

    private HttpRequest authorized(HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Proxy-Authorization"))
                .header("Proxy-Authorization", proxyAuthorization)
                .build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return http.send(authorized(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return http.sendAsync(authorized(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return http.sendAsync(authorized(request), handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }

    @Override
    public String toString() {
        return "ProxyAuthorizingHttpClient[" + http + "]"; // never the credentials
    }
}
