package io.github.camelcopilot.simulator;

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
 */
public class CopilotSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final int port;
    private CopilotSimulator simulator;
    /** How many nested class scopes (e.g. {@code @Nested} classes) currently use the simulator. */
    private int classScopes;
    private boolean startedForOneTest;

    /** A simulator on a free port. */
    public CopilotSimulatorExtension() {
        this(0);
    }

    /** A simulator on a fixed port (0 for a free one). */
    public CopilotSimulatorExtension(int port) {
        this.port = port;
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
            simulator = CopilotSimulator.start(port);
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
            simulator = CopilotSimulator.start(port);
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
