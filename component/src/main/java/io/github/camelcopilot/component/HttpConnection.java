package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import io.github.camelcopilot.client.HttpTransport;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * What an HTTP transport is built from: endpoints with equal settings share one transport, its connections and its
 * sign-in traffic. {@code ssl} compares by identity (the same bean is the same TLS setup).
 *
 * @param ssl           Camel's TLS settings, or null for the JVM's default SSLContext
 * @param proxyHost     an HTTP proxy for every call (Graph and the token endpoint), or null for none
 * @param proxyPassword secret: never in {@link #toString()}
 */
record HttpConnection(Duration connectTimeout, SSLContextParameters ssl, String proxyHost, int proxyPort,
                      String proxyUser, String proxyPassword, int maxConnections, int maxStreamsPerConnection) {

    /** A transport for these settings whose I/O threads come from {@code ioThreads}. */
    HttpTransport build(CamelContext context, ThreadFactory ioThreads, int ioThreadCount) {
        javax.net.ssl.SSLContext sslContext = null;
        if (ssl != null) {
            try {
                sslContext = ssl.createSSLContext(context);
            } catch (Exception e) {
                throw new RuntimeCamelException("The sslContextParameters cannot make an SSLContext: " + e.getMessage(),
                        e);
            }
        }
        return new HttpTransport(new HttpTransport.Settings(connectTimeout, sslContext, proxyHost, proxyPort, proxyUser,
                proxyPassword, maxConnections, maxStreamsPerConnection, ioThreadCount), ioThreads);
    }

    @Override
    public String toString() {
        return "HttpConnection[connectTimeout=" + connectTimeout + ", ssl=" + (ssl == null ? "JVM default" : "set")
               + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort) + ", proxyUser=" + proxyUser
               + ", proxyPassword=" + (proxyPassword == null ? "none" : "***") + ", maxConnections=" + maxConnections
               + ", maxStreamsPerConnection=" + maxStreamsPerConnection + "]";
    }
}
