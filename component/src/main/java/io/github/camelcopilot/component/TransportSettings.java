package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import io.github.camelcopilot.internal.client.HttpTransport;
import io.github.camelcopilot.internal.client.ProxyRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * What an HTTP transport is built from: endpoints with equal settings share one transport, its connections and its
 * sign-in traffic. {@code ssl} compares by identity (the same bean is the same TLS setup).
 *
 * @param ssl   Camel's TLS settings, or null for the JVM's default SSLContext
 * @param proxy which HTTP proxy each call takes (Graph and the token endpoint), as resolved when the route started
 */
record TransportSettings(Duration connectTimeout, SSLContextParameters ssl, ProxyRoutes proxy, int maxConnections,
                      int maxStreamsPerConnection) {

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
        return new HttpTransport(new HttpTransport.Settings(connectTimeout, sslContext, proxy, maxConnections,
                maxStreamsPerConnection, ioThreadCount), ioThreads);
    }

    @Override
    public String toString() {
        return "TransportSettings[connectTimeout=" + connectTimeout + ", ssl=" + (ssl == null ? "JVM default" : "set")
               + ", proxy=" + proxy + ", maxConnections=" + maxConnections
               + ", maxStreamsPerConnection=" + maxStreamsPerConnection + "]";
    }
}
