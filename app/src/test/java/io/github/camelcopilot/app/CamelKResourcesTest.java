package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.store.JdbcConversationStore;
import io.github.camelcopilot.store.TestPostgres;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No cluster runs here: the Camel K resource is checked against the project instead. */
class CamelKResourcesTest {

    @Test
    @SuppressWarnings("unchecked")
    void theIntegrationRunsTheQueueRouteWithTheComponentAndItsQuarkusBuildProperties() throws Exception {
        Map<String, Object> integration = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Repository.path("deploy/camel-k/integration.yaml")));
        assertThat(integration).containsEntry("apiVersion", "camel.apache.org/v1").containsEntry("kind", "Integration");
        Map<String, Object> spec = (Map<String, Object>) integration.get("spec");
        assertThat((Integer) spec.get("replicas")).isGreaterThanOrEqualTo(2);

        // the component's own descriptor, as its jar carries it
        String version = new ObjectMapper().readTree(CamelKResourcesTest.class.getResource(
                "/META-INF/io/github/camelcopilot/component/copilot.json")).at("/component/version").asText();
        assertThat((List<String>) spec.get("dependencies"))
                .contains("mvn:io.github.camelcopilot:camel-copilot:" + version.replace("-SNAPSHOT", ""), "camel:jms");

        List<Map<String, Object>> sources = (List<Map<String, Object>>) spec.get("sources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).get("content")).isEqualTo(Files.readString(Repository.path("routes/queue-trigger.yaml")));

        Map<String, Object> traits = (Map<String, Object>) spec.get("traits");
        List<String> builder = (List<String>) ((Map<String, Object>) traits.get("builder")).get("properties");
        assertThat(builder).containsExactlyInAnyOrder(
                "quarkus.index-dependency.copilot.group-id=io.github.camelcopilot",
                "quarkus.index-dependency.copilot.artifact-id=camel-copilot",
                "quarkus.camel.service.discovery.include-patterns=META-INF/services/org/apache/camel/component/copilot");
        // the component file that discovery pattern names is in the jar
        assertThat(CamelKResourcesTest.class.getResource("/META-INF/services/org/apache/camel/component/copilot"))
                .isNotNull();
    }

    /**
     * The Integration's camel.beans properties, run by Camel Main here (the URL pointed at a PostgreSQL server of the
     * test), give the component a shared JDBC store that keyed messages are recorded in.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theIntegrationsStorePropertiesGiveTheComponentAPostgresStore() throws Exception {
        Map<String, Object> integration = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Repository.path("deploy/camel-k/integration.yaml")));
        Map<String, Object> traits = (Map<String, Object>) ((Map<String, Object>) integration.get("spec")).get("traits");
        List<String> properties = (List<String>) ((Map<String, Object>) traits.get("camel")).get("properties");
        List<String> beans = properties.stream().filter(property -> property.startsWith("camel.beans.")).toList();
        assertThat(beans).isNotEmpty();

        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            Main main = new Main();
            for (String bean : beans) {
                String[] nameAndValue = bean.split("=", 2);
                String value = nameAndValue[0].endsWith(".url") ? TestPostgres.jdbcUrl() : nameAndValue[1];
                main.addInitialProperty(nameAndValue[0], value);
            }
            main.addInitialProperty("camel.component.copilot.baseUrl", simulator.baseUrl());
            main.addInitialProperty("camel.component.copilot.accessToken", CopilotSimulator.DEFAULT_TOKEN);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:keyed").setHeader("CamelCopilotConversationKey", constant("camel-k-key"))
                            .to("copilot:chat");
                }
            });
            main.start();
            try {
                String conversation = main.getCamelTemplate().request("direct:keyed",
                                exchange -> exchange.getMessage().setBody("Recorded in PostgreSQL?"))
                        .getMessage().getHeader("CamelCopilotConversationId", String.class);
                assertThat(main.getCamelContext().getComponent("copilot", CopilotComponent.class).getConfiguration()
                        .getConversationStore()).isInstanceOf(JdbcConversationStore.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> new JdbcConversationStore(TestPostgres.dataSource())
                        .get("camel-k-key").map(entry -> entry.conversationId().equals(conversation)).orElse(false));
            } finally {
                main.stop();
            }
        }
    }
}
