package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** No cluster runs here: the Camel K resource is checked against the project instead. */
class CamelKResourcesTest {

    @Test
    @SuppressWarnings("unchecked")
    void theIntegrationRunsTheQueueRouteWithTheComponentAndItsQuarkusBuildProperties() throws Exception {
        Map<String, Object> integration = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("deploy/camel-k/integration.yaml")));
        assertThat(integration).containsEntry("apiVersion", "camel.apache.org/v1").containsEntry("kind", "Integration");
        Map<String, Object> spec = (Map<String, Object>) integration.get("spec");
        assertThat((Integer) spec.get("replicas")).isGreaterThanOrEqualTo(2);

        String version = new ObjectMapper().readTree(Path.of(
                "src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json").toFile())
                .at("/component/version").asText();
        assertThat((List<String>) spec.get("dependencies"))
                .contains("mvn:io.github.camelcopilot:camel-copilot:" + version.replace("-SNAPSHOT", ""), "camel:jms");

        List<Map<String, Object>> sources = (List<Map<String, Object>>) spec.get("sources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).get("content")).isEqualTo(Files.readString(Path.of("routes/queue-trigger.yaml")));

        Map<String, Object> traits = (Map<String, Object>) spec.get("traits");
        List<String> builder = (List<String>) ((Map<String, Object>) traits.get("builder")).get("properties");
        assertThat(builder).containsExactlyInAnyOrder(
                "quarkus.index-dependency.copilot.group-id=io.github.camelcopilot",
                "quarkus.index-dependency.copilot.artifact-id=camel-copilot",
                "quarkus.camel.service.discovery.include-patterns=META-INF/services/org/apache/camel/component/copilot");
        // the component file that discovery pattern names is in the jar
        assertThat(Path.of("src/generated/resources/META-INF/services/org/apache/camel/component/copilot")).exists();
    }
}
