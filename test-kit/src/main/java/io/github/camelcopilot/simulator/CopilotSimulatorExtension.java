package io.github.camelcopilot.simulator;

import java.nio.file.Path;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link CopilotSimulator} for a test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static CopilotSimulatorExtension simulator = new CopilotSimulatorExtension();
 * }</pre>
 *
 * One simulator starts before all tests and closes after them; it is {@link CopilotSimulator#reset() reset} before each
 * test, so faults, conversations and recorded requests never leak from one test into another. Test and lifecycle
 * methods can also take a {@link CopilotSimulator} parameter. Registered in an instance field instead of a static one,
 * it starts a simulator per test.
 *
 * <p>TLS with HTTP/2 by ALPN, as Graph serves it, at most 100 streams a connection ({@link #http2(int)} for another
 * limit, {@link #http1OverTlsOnly()} for a TLS server without HTTP/2):
 *
 * <pre>{@code
 * @RegisterExtension
 * static CopilotSimulatorExtension simulator = new CopilotSimulatorExtension().tls();
 * }</pre>
 *
 * Its base URLs are then {@code https://localhost:<port>/...}; clients trust {@link #trustStorePath()} (password
 * {@link SimulatorTls#TRUST_STORE_PASSWORD}) or use {@link #clientSslContext()}.
 */
public class CopilotSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final int port;
    private SimulatorTransport transport = SimulatorTransport.fromSystemProperty();
    private CopilotSimulator simulator;
    /** How many nested class scopes (e.g. {@code @Nested} classes) currently use the simulator. */
    private int classScopes;
    private boolean startedForOneTest;

    /**
     * A simulator on a free port, plain HTTP/1.1 unless the system property {@value SimulatorTransport#PROPERTY} names
     * another transport (see {@link SimulatorTransport#fromSystemProperty()}).
     */
    public CopilotSimulatorExtension() {
        this(0);
    }

    /** A simulator on a fixed port (0 for a free one). */
    public CopilotSimulatorExtension(int port) {
        this.port = port;
    }

    /** TLS offering HTTP/2 (at most {@value SimulatorTransport#DEFAULT_MAX_CONCURRENT_STREAMS} streams a connection) and HTTP/1.1. */
    public CopilotSimulatorExtension tls() {
        return transport(SimulatorTransport.tls());
    }

    /** TLS offering HTTP/2, at most {@code maxConcurrentStreams} streams a connection, and HTTP/1.1. */
    public CopilotSimulatorExtension http2(int maxConcurrentStreams) {
        return transport(SimulatorTransport.http2(maxConcurrentStreams));
    }

    /** TLS offering HTTP/1.1 only. */
    public CopilotSimulatorExtension http1OverTlsOnly() {
        return transport(SimulatorTransport.http1OverTlsOnly());
    }

    /** The transport of the simulators this extension starts; set it before the extension starts one. */
    public synchronized CopilotSimulatorExtension transport(SimulatorTransport transport) {
        if (simulator != null) {
            throw new IllegalStateException("The simulator is already running with " + this.transport);
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /** The trust store that makes a client trust a TLS simulator, as a file (PKCS#12, see {@link SimulatorTls}). */
    public Path trustStorePath() {
        return SimulatorTls.trustStorePath();
    }

    /** A TLS context that trusts a TLS simulator. */
    public SSLContext clientSslContext() {
        return SimulatorTls.clientSslContext();
    }

    /** The running simulator. */
    public synchronized CopilotSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("The Copilot simulator is not running outside the tests it serves");
        }
        return simulator;
    }

    /** The simulator's Graph base URL. */
    public String baseUrl() {
        return simulator().baseUrl();
    }

    /** The simulator's Work IQ base URL. */
    public String workIqBaseUrl() {
        return simulator().workIqBaseUrl();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        // @Nested classes run beforeAll again inside the outer class's scope: share the running simulator.
        if (classScopes++ == 0) {
            simulator = CopilotSimulator.start(port, transport);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--classScopes == 0) {
            closeSimulator();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (simulator == null) {
            simulator = CopilotSimulator.start(port, transport);
            startedForOneTest = true;
        } else {
            simulator.reset();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (startedForOneTest) {
            startedForOneTest = false;
            closeSimulator();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CopilotSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return simulator();
    }

    private void closeSimulator() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
