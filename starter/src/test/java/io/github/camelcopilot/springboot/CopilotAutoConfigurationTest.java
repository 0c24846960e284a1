package io.github.camelcopilot.springboot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import javax.sql.DataSource;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConstants;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.store.JdbcConversationStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with the starter, configured by properties alone, against the simulator over HTTP: the
 * options reach the component, keyed conversations are kept in a JDBC store on the application's DataSource, and the
 * component's health check is reported through Actuator once producer checks are enabled.
 */
@SpringBootTest(classes = CopilotAutoConfigurationTest.Application.class, properties = {
        "camel.component.copilot.access-token=" + CopilotSimulator.DEFAULT_TOKEN,
        "camel.component.copilot.time-zone=Europe/Berlin",
        "camel.component.copilot.request-timeout=30s",
        "camel.component.copilot.conversation-store-type=jdbc",
        "camel.component.copilot.conversation-store-table=starter_conversations",
        "camel.health.producers-enabled=true",
        "camel.health.exposure-level=full" })
class CopilotAutoConfigurationTest {

    @RegisterExtension
    static CopilotSimulatorExtension simulator = new CopilotSimulatorExtension();

    @DynamicPropertySource
    static void copilotService(DynamicPropertyRegistry registry) {
        registry.add("camel.component.copilot.base-url", simulator::baseUrl);
    }

    @SpringBootApplication
    static class Application {

        @Bean
        DataSource dataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:starter-test;DB_CLOSE_DELAY=-1");
            return dataSource;
        }

        @Bean
        RouteBuilder routes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:chat").to("copilot:chat");
                }
            };
        }
    }

    @Autowired
    ProducerTemplate template;
    @Autowired
    CamelContext camelContext;
    @Autowired
    DataSource dataSource;
    @Autowired
    Map<String, HealthIndicator> healthIndicators;

    @Test
    void aChatUsesTheOptionsFromTheApplicationsProperties() {
        Exchange answered = template.request("direct:chat", exchange -> exchange.getMessage().setBody("Hello"));

        assertThat(answered.getException()).isNull();
        assertThat(answered.getMessage().getBody(String.class)).isNotBlank();
        assertThat(answered.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class)).isNotBlank();
        // The simulator accepts its own token only: the access token came from the properties; so did the time zone.
        assertThat(simulator.simulator().requests()).anySatisfy(request -> {
            assertThat(request.path()).endsWith("/chat");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + CopilotSimulator.DEFAULT_TOKEN);
            assertThat(request.body()).contains("Europe/Berlin");
        });
        CopilotComponent component = camelContext.getComponent("copilot", CopilotComponent.class);
        assertThat(component.getConfiguration().getRequestTimeout()).isEqualTo(30_000L);
    }

    @Test
    void aKeyedConversationIsKeptInTheApplicationsDataSource() throws Exception {
        CopilotComponent component = camelContext.getComponent("copilot", CopilotComponent.class);
        assertThat(component.getConfiguration().getConversationStore()).isInstanceOf(JdbcConversationStore.class);

        String first = askWithKey("ticket-42", "First question");
        String second = askWithKey("ticket-42", "Second question");
        String other = askWithKey("ticket-43", "Another ticket");

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT conversation_id, turn_count FROM starter_conversations WHERE conversation_key = ?")) {
            select.setString(1, "ticket-42");
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(first);
                assertThat(row.getInt(2)).isEqualTo(2);
            }
        }
    }

    private String askWithKey(String key, String prompt) {
        Exchange answered = template.request("direct:chat", exchange -> {
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, key);
            exchange.getMessage().setBody(prompt);
        });
        assertThat(answered.getException()).isNull();
        return answered.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
    }

    @Test
    void theCopilotHealthCheckIsReportedThroughActuator() {
        template.requestBody("direct:chat", "Hello", String.class); // the endpoint exists and is started

        Health health = healthIndicators.get("camelHealth").getHealth(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).anySatisfy((id, state) -> {
            assertThat(id).startsWith("producer:copilot-");
            assertThat(state).hasToString("UP");
        });
        assertThat(health.getDetails().toString()).doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
    }
}
