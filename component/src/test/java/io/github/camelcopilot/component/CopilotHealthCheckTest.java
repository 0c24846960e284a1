package io.github.camelcopilot.component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness check, registered in Camel's producers repository: off unless producer checks are enabled; it tells
 * whether a token can be had and the service takes it, with a GET that can create nothing and chat nothing, and
 * never sends a token it did not acquire.
 */
class CopilotHealthCheckTest extends CopilotTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // What camel.health.producersEnabled=true does under Camel Main.
        HealthCheckHelper.getHealthCheckRepository(context, "producers").setEnabled(true);
        return context;
    }

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

    private List<HealthCheck> copilotChecks() {
        return HealthCheckRegistry.get(context).stream().filter(check -> check.getId().contains(":copilot-")).toList();
    }

    private HealthCheck check() {
        List<HealthCheck> checks = copilotChecks();
        assertThat(checks).hasSize(1);
        HealthCheck check = checks.get(0);
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
        return check;
    }

    private HealthCheck checkOf(String uri) throws Exception {
        List<HealthCheck> before = copilotChecks();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + java.util.UUID.randomUUID()).to(uri);
            }
        });
        return copilotChecks().stream().filter(check -> !before.contains(check)).findFirst().orElseThrow();
    }

    @Test
    void upWhenTheServiceAnswersAndTakesTheTokenWithoutAnythingCreatedOrPosted() {
        HealthCheck.Result result = check().call();

        assertThat(result.getState()).as(String.valueOf(result.getMessage())).isEqualTo(HealthCheck.State.UP);
        assertThat(simulator().conversationCount()).isZero();
        assertThat(simulator().requests()).singleElement().satisfies((RecordedRequest probe) -> {
            assertThat(probe.method()).isEqualTo("GET");
            assertThat(probe.path()).endsWith("/copilot/conversations");
            assertThat(probe.header("Authorization")).isEqualTo("Bearer " + CopilotSimulator.DEFAULT_TOKEN);
        });
    }

    @Test
    void theIdNamesServiceAndSignInModeAndTellsConfigurationsApartWithoutASecret() throws Exception {
        HealthCheck simulatorCheck = check();
        HealthCheck otherToken = checkOf("copilot:chat?accessToken=RAW(another-secret-token)");

        assertThat(simulatorCheck.getId()).startsWith("producer:copilot-127.0.0.1-accessToken-");
        assertThat(otherToken.getId()).isNotEqualTo(simulatorCheck.getId()).doesNotContain("another-secret-token");
        assertThat(otherToken.getId()).doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
    }

    @Test
    void offUnlessProducerChecksAreEnabled() {
        HealthCheckHelper.getHealthCheckRepository(context, "producers").setEnabled(false);

        assertThat(copilotChecks()).isEmpty();
    }

    @Test
    void theComponentCanTurnItsChecksOff() throws Exception {
        context.getComponent("copilot", CopilotComponent.class).setHealthCheckProducerEnabled(false);
        HealthCheck check = checkOf("copilot:chat?accessToken=RAW(yet-another-token)");

        assertThat(check.isEnabled()).isFalse();
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UNKNOWN);
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void tokensThatOnlyComeWithEachMessageAreNotCheckedAndNoStandInIsSent() throws Exception {
        List<HealthCheck> before = copilotChecks();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:perMessage").to("copilot:chat?authMode=accessToken&accessToken=");
            }
        });

        assertThat(copilotChecks()).isEqualTo(before);
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void downWithTheReasonAndNothingSentWhenNoTokenCanBeAcquired() throws Exception {
        CopilotTokenProvider failing = request -> CompletableFuture.failedFuture(
                new CopilotSignInException("Silent sign-in failed: invalid_grant: AADSTS50173: revoked", "invalid_grant",
                        true));
        CopilotTokenProvider empty = request -> CompletableFuture.completedFuture(" ");
        context.getRegistry().bind("failing", failing);
        context.getRegistry().bind("empty", empty);

        HealthCheck.Result failed = checkOf("copilot:chat?tokenProvider=#failing").call();
        HealthCheck.Result none = checkOf("copilot:chat?tokenProvider=#empty").call();

        assertThat(failed.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(failed.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("AADSTS50173")
                .contains("nothing was sent"));
        assertThat(none.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(none.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("no token"));
        assertThat(simulator().requestCount()).isZero();
    }

    @Test
    void downWhenTheTokenIsRefused() {
        simulator().acceptTokens("some-other-token");

        HealthCheck.Result result = check().call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("refused the token")
                .doesNotContain(CopilotSimulator.DEFAULT_TOKEN));
    }

    @Test
    void downWhenTheServiceFails() {
        simulator().faults().enqueue(Fault.status(503));

        assertThat(check().call().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void downWhenNothingAnswers() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HealthCheck nowhere = checkOf("copilot:chat?baseUrl=http://127.0.0.1:" + closedPort + "/beta");

        HealthCheck.Result result = nowhere.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("connection"));
    }

    @Test
    void theLastEndpointToStopRemovesTheSharedCheck() throws Exception {
        check();
        context.getRouteController().stopRoute("route1");
        context.removeEndpoint(context.getEndpoint("copilot:chat"));
        assertThat(copilotChecks()).hasSize(1);

        context.getRouteController().stopRoute("route2");
        context.removeEndpoint(context.getEndpoint("copilot:chatOverStream"));
        assertThat(copilotChecks()).isEmpty();
    }
}
