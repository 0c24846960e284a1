package io.github.camelcopilot.simulator;

/**
 * How a {@link CopilotSimulator} talks to its clients: plain HTTP/1.1 on the JDK's HttpServer (the default), or TLS
 * on httpcore5-h2 with HTTP/2 negotiated by ALPN (as {@code graph.microsoft.com} does) or with HTTP/1.1 only. Over TLS
 * the base URLs are {@code https://localhost:<port>/...}, served with the certificate {@link SimulatorTls} describes.
 */
public final class SimulatorTransport {

    /** What Graph's fronts are planned for: 100 concurrent streams per HTTP/2 connection. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;

    /** The system property {@link #fromSystemProperty()} reads. */
    public static final String PROPERTY = "copilot.simulator.transport";

    private static final SimulatorTransport PLAIN_HTTP_1 = new SimulatorTransport(false, false, 0);
    private static final SimulatorTransport HTTP_1_OVER_TLS = new SimulatorTransport(true, false, 0);

    private final boolean tls;
    private final boolean http2;
    private final int maxConcurrentStreams;

    private SimulatorTransport(boolean tls, boolean http2, int maxConcurrentStreams) {
        this.tls = tls;
        this.http2 = http2;
        this.maxConcurrentStreams = maxConcurrentStreams;
    }

    /** Plain HTTP/1.1 on {@code 127.0.0.1} (the default). */
    public static SimulatorTransport plainHttp1() {
        return PLAIN_HTTP_1;
    }

    /** TLS offering HTTP/2 and HTTP/1.1 by ALPN, at most {@value #DEFAULT_MAX_CONCURRENT_STREAMS} streams a connection. */
    public static SimulatorTransport tls() {
        return http2(DEFAULT_MAX_CONCURRENT_STREAMS);
    }

    /**
     * TLS offering HTTP/2 and HTTP/1.1 by ALPN; each HTTP/2 connection announces
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS = maxConcurrentStreams} and refuses streams past it.
     */
    public static SimulatorTransport http2(int maxConcurrentStreams) {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1: " + maxConcurrentStreams);
        }
        return new SimulatorTransport(true, true, maxConcurrentStreams);
    }

    /** TLS offering HTTP/1.1 only: a server that does not do HTTP/2, whatever the client asks for. */
    public static SimulatorTransport http1OverTlsOnly() {
        return HTTP_1_OVER_TLS;
    }

    /**
     * The transport named by the system property {@value #PROPERTY}, for running a whole test suite over another
     * transport: {@code plain} (the default when unset), {@code tls}, {@code http2:<maxConcurrentStreams>} or
     * {@code http1-tls}.
     */
    public static SimulatorTransport fromSystemProperty() {
        String name = System.getProperty(PROPERTY, "plain").trim();
        if (name.startsWith("http2:")) {
            return http2(Integer.parseInt(name.substring("http2:".length())));
        }
        return switch (name) {
            case "plain" -> plainHttp1();
            case "tls" -> tls();
            case "http1-tls" -> http1OverTlsOnly();
            default -> throw new IllegalArgumentException(PROPERTY + ": not plain, tls, http2:<streams> or http1-tls: "
                                                          + name);
        };
    }

    public boolean isTls() {
        return tls;
    }

    public boolean offersHttp2() {
        return http2;
    }

    /** The HTTP/2 stream limit per connection, 0 when HTTP/2 is not offered. */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /** The scheme and host of the base URLs: {@code https://localhost} over TLS (the certificate's name). */
    String origin(int port) {
        return (tls ? "https://localhost:" : "http://127.0.0.1:") + port;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SimulatorTransport that
               && tls == that.tls && http2 == that.http2 && maxConcurrentStreams == that.maxConcurrentStreams;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(tls, http2, maxConcurrentStreams);
    }

    @Override
    public String toString() {
        if (!tls) {
            return "plain HTTP/1.1";
        }
        return http2 ? "TLS with HTTP/2 (" + maxConcurrentStreams + " streams a connection) or HTTP/1.1"
                : "TLS with HTTP/1.1 only";
    }
}
