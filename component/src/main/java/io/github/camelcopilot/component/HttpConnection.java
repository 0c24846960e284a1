package io.github.camelcopilot.component;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executor;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * What a JDK HTTP client is built from: endpoints with equal settings share one client, its connections and its
 * sign-in traffic. {@code ssl} compares by identity (the same bean is the same TLS setup).
 *
 * @param ssl           Camel's TLS settings, or null for the JVM's default SSLContext
 * @param proxyHost     an HTTP proxy for every call (Graph and the token endpoint), or null for none
 * @param proxyPassword secret: never in {@link #toString()}
 */
record HttpConnection(Duration connectTimeout, SSLContextParameters ssl, String proxyHost, int proxyPort,
                      String proxyUser, String proxyPassword) {

    /** A client for these settings whose work runs on {@code executor} (bounded, the component's). */
    HttpClient build(CamelContext context, Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .executor(executor)
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            try {
                builder.sslContext(ssl.createSSLContext(context));
            } catch (Exception e) {
                throw new RuntimeCamelException("The sslContextParameters cannot make an SSLContext: " + e.getMessage(),
                        e);
            }
        }
        if (proxyHost != null) {
            builder.proxy(ProxySelector.of(new InetSocketAddress(proxyHost, proxyPort)));
        }
        HttpClient http = builder.build();
        if (proxyHost == null || proxyUser == null) {
            return http;
        }
        String credentials = proxyUser + ":" + (proxyPassword == null ? "" : proxyPassword);
        return new ProxyAuthorizingHttpClient(http,
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "HttpConnection[connectTimeout=" + connectTimeout + ", ssl=" + (ssl == null ? "JVM default" : "set")
               + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort) + ", proxyUser=" + proxyUser
               + ", proxyPassword=" + (proxyPassword == null ? "none" : "***") + "]";
    }
}
