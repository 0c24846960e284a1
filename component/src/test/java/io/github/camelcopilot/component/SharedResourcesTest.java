package io.github.camelcopilot.component;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.camelcopilot.internal.client.HttpTransport;
import io.github.camelcopilot.model.CopilotConversation;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Transports and MSAL applications live as long as the endpoints that use them, not as long as the component. */
class SharedResourcesTest extends CopilotTestSupport {

    private final String clientId = "client-" + UUID.randomUUID();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dynamic").toD("copilot:createConversation?connectTimeout=${header.timeout}"
                                           + "${header.signIn}");
            }
        };
    }

    private CopilotComponent component() {
        return context.getComponent("copilot", CopilotComponent.class);
    }

    private List<CopilotEndpoint> endpoints() {
        return context.getEndpoints().stream().filter(CopilotEndpoint.class::isInstance)
                .map(CopilotEndpoint.class::cast).toList();
    }

    @Test
    void fiftyDynamicEndpointsLeaveNothingBehindOnceRemoved() throws Exception {
        simulator().entra().registerClient(clientId, "s3cret");
        String adele = simulator().entra().issueUserToken("adele@contoso.test", "api://calling-app");
        for (int i = 0; i < 50; i++) {
            // Every other endpoint signs in on behalf of the caller, each in a tenant of its own.
            String signIn = i % 2 == 0 ? "" : "&clientSecret=RAW(s3cret)&clientId=" + clientId
                    + "&authority=https://login.fake.test/tenant-" + i + "/&authorityEndpoint="
                    + simulator().authorityEndpoint();
            int timeout = 1_000 + i;
            Exchange done = template.send("direct:dynamic", exchange -> {
                exchange.getMessage().setHeader("timeout", timeout);
                exchange.getMessage().setHeader("signIn", signIn);
                exchange.getMessage().setHeader(CopilotConstants.USER_ASSERTION, adele);
            });
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getBody()).isInstanceOf(CopilotConversation.class);
        }
        List<CopilotEndpoint> used = endpoints();
        assertThat(used).hasSize(50);
        assertThat(component().shared()).isEqualTo(50 + 25);
        List<HttpTransport> transports = used.stream().map(CopilotEndpoint::transport).toList();
        assertThat(transports).allMatch(SharedResourcesTest::open);

        used.forEach(endpoint -> {
            try {
                context.removeEndpoint(endpoint);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(component().shared()).isZero();
        assertThat(transports).noneMatch(SharedResourcesTest::open);
    }

    /** Whether the transport still carries a request. */
    private static boolean open(HttpTransport transport) {
        try {
            transport.exchange("GET", URI.create(SIMULATOR.baseUrl() + "/health"), Map.of(), null, null,
                    Duration.ofSeconds(10), 1 << 16);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aTransportStaysOpenWhileAnotherEndpointUsesIt() throws Exception {
        String first = "copilot:createConversation?connectTimeout=4321";
        String second = "copilot:chat?connectTimeout=4321";
        template.requestBody(first, (Object) null, CopilotConversation.class);
        CopilotEndpoint chat = context.getEndpoint(second, CopilotEndpoint.class);
        assertThat(chat.transport()).isSameAs(context.getEndpoint(first, CopilotEndpoint.class).transport());
        assertThat(component().shared()).isEqualTo(1);

        context.removeEndpoint(context.getEndpoint(first));

        assertThat(component().shared()).isEqualTo(1);
        String third = first + "&requestTimeout=30000"; // the same transport settings
        assertThat(template.requestBody(third, (Object) null, CopilotConversation.class)).isNotNull();
        assertThat(context.getEndpoint(third, CopilotEndpoint.class).transport()).isSameAs(chat.transport());
        assertThat(open(chat.transport())).isTrue();
    }
}
