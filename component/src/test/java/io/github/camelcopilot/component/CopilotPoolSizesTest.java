package io.github.camelcopilot.component;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** httpPoolSize and signInPoolSize, set as camel.component.copilot.* properties, size the component's own pools. */
class CopilotPoolSizesTest {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    private static final int CALLS = 8;

    private final Main main = new Main();

    @AfterEach
    void stopMain() throws Exception {
        main.stop();
    }

    private void start(String httpPoolSize, String signInPoolSize) {
        main.addInitialProperty("camel.component.copilot.baseUrl", SIMULATOR.baseUrl());
        main.addInitialProperty("camel.component.copilot.initialRetryDelay", "20");
        if (httpPoolSize != null) {
            main.addInitialProperty("camel.component.copilot.httpPoolSize", httpPoolSize);
        }
        if (signInPoolSize != null) {
            main.addInitialProperty("camel.component.copilot.signInPoolSize", signInPoolSize);
        }
        main.start();
    }

    @Test
    void concurrentSignInsAndCallsUseNoMoreThreadsThanTheOptionsSay() throws Exception {
        start("2", "1");
        CopilotSimulator simulator = SIMULATOR.simulator();
        String clientId = "client-" + UUID.randomUUID();
        simulator.acceptTokens(); // only the simulated Entra's tokens: every call signs in first
        simulator.entra().registerClient(clientId, "s3cret");
        String uri = "copilot:createConversation?clientSecret=RAW(s3cret)&clientId=" + clientId
                     + "&authority=https://login.fake.test/tenant-" + UUID.randomUUID() + "/&authorityEndpoint="
                     + simulator.authorityEndpoint();
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();

        // one user per call, so that each needs its own token-endpoint call
        List<CompletableFuture<Exchange>> calls = IntStream.range(0, CALLS)
                .mapToObj(i -> simulator.entra().issueUserToken("user" + i + "@contoso.test", "api://calling-app"))
                .map(user -> template.asyncSend(uri,
                        e -> e.getMessage().setHeader(CopilotConstants.USER_ASSERTION, user)))
                .toList();
        for (CompletableFuture<Exchange> call : calls) {
            Exchange done = call.get(30, TimeUnit.SECONDS);
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class)).isNotBlank();
        }

        // the pools' threads outlive the calls (they end after a minute idle), so all ever made are still here
        // the transport's 2 I/O threads and the one that connects, all started with the transport
        assertThat(poolThreads(CopilotThreads.HTTP)).isEqualTo(3L);
        assertThat(poolThreads(CopilotThreads.SIGN_IN)).isEqualTo(1L);
    }

    @Test
    void aPoolSizeBelowOneFailsTheStartNamingTheOption() {
        assertThatThrownBy(() -> start("0", null))
                .rootCause().hasMessageContaining("httpPoolSize must be 1 or more, not 0");
    }

    @Test
    void aSignInPoolSizeBelowOneFailsTheStartNamingTheOption() {
        assertThatThrownBy(() -> start(null, "0"))
                .rootCause().hasMessageContaining("signInPoolSize must be 1 or more, not 0");
    }

    private long poolThreads(String pool) {
        String contextName = main.getCamelContext().getName();
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("Camel (" + contextName + ") ") && name.endsWith(" - " + pool))
                .count();
    }
}
