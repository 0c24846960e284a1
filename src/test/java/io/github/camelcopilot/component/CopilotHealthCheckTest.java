package io.github.camelcopilot.component;

import java.util.List;

import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.RecordedRequest;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness check tells whether a token can be had and the service answers, without sending a chat. */
class CopilotHealthCheckTest extends CopilotTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").to("copilot:chat");
                from("direct:b").to("copilot:chatOverStream"); // same service and sign-in: the same check
            }
        };
    }

    private HealthCheck check() {
        List<HealthCheck> checks = HealthCheckRegistry.get(context).stream()
                .filter(check -> check.getId().startsWith("copilot-")).toList();
        assertThat(checks).hasSize(1);
        HealthCheck check = checks.get(0);
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
        return check;
    }

    @Test
    void upWhenTheServiceAnswersAndTakesTheTokenWithoutAnythingCreated() {
        HealthCheck.Result result = check().call();

        assertThat(result.getState()).as(String.valueOf(result.getMessage())).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("token", "checked");
        assertThat(simulator().conversationCount()).isZero();
        assertThat(simulator().requests()).singleElement().satisfies((RecordedRequest probe) -> {
            assertThat(probe.path()).endsWith("/00000000-0000-0000-0000-000000000000/chat");
            assertThat(probe.body()).isEqualTo("{}");
        });
    }

    @Test
    void downWhenTheTokenIsRefused() {
        simulator().acceptTokens("some-other-token");

        HealthCheck.Result result = check().call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("refused the token")
                .doesNotContain(io.github.camelcopilot.simulator.CopilotSimulator.DEFAULT_TOKEN));
    }

    @Test
    void downWhenTheServiceFails() {
        simulator().faults().enqueue(Fault.status(503));

        assertThat(check().call().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void downWhenNothingAnswers() throws Exception {
        HealthCheck simulatorCheck = check();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:nowhere").to("copilot:chat?baseUrl=http://127.0.0.1:" + closedPort + "/beta");
            }
        });
        HealthCheck nowhere = HealthCheckRegistry.get(context).stream()
                .filter(check -> check.getId().startsWith("copilot-") && check != simulatorCheck).findFirst().orElseThrow();

        HealthCheck.Result result = nowhere.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("connection"));
    }
}
