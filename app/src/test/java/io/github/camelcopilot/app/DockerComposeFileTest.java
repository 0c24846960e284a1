package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on the build machines, so the compose file is checked instead: it parses, and its services,
 * ports, volumes and environment names match what the app reads.
 */
class DockerComposeFileTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Repository.path("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    @Test
    void theBrokerIsArtemisAtTheVersionTheAppIsBuiltWith() throws Exception {
        Map<String, Object> broker = service("broker");
        assertThat(broker.get("image")).isEqualTo("apache/activemq-artemis:2.40.0");
        assertThat((List<Object>) broker.get("ports")).containsExactlyInAnyOrder("127.0.0.1:61616:61616",
                "127.0.0.1:8161:8161");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAppPointsAtTheBrokerThroughSettingsItReads() throws Exception {
        Map<String, Object> app = service("app");
        assertThat((List<Object>) app.get("depends_on")).contains("broker");
        Map<String, Object> environment = (Map<String, Object>) app.get("environment");
        assertThat(environment).containsEntry(envName(EmbeddedBroker.BROKER_URL), "tcp://broker:61616")
                .containsKeys(envName(EmbeddedBroker.BROKER_USER), envName(EmbeddedBroker.BROKER_PASSWORD));
        assertThat((List<Object>) app.get("ports")).contains("127.0.0.1:8080:8080");
        assertThat(Files.readString(Path.of("src/main/resources/camel-copilot-app.properties")))
                .contains("camel.server.port = 8080");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listeningBeyondLoopbackIsDeliberateAndComesWithTheSignInSettings() throws Exception {
        Map<String, Object> environment = (Map<String, Object>) service("app").get("environment");
        assertThat(environment).containsEntry(envName("camel.server.host"), "0.0.0.0");
        assertThat(Files.readString(Path.of("src/main/resources/camel-copilot-app.properties")))
                .contains("camel.server.host = 127.0.0.1");
        String compose = Files.readString(Repository.path("docker-compose.yml"));
        for (String setting : List.of("tenantId", "clientId", "clientSecret", "redirectUri")) {
            assertThat(compose).contains("# " + envName(HttpAuthSettings.PREFIX + setting) + ":");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void postgresIsTheConversationStoreTheAppIsPointedAt() throws Exception {
        Map<String, Object> postgres = service("postgres");
        assertThat((String) postgres.get("image")).startsWith("postgres:");
        Map<String, Object> database = (Map<String, Object>) postgres.get("environment");
        assertThat((List<Object>) postgres.get("ports")).as("loopback only").containsExactly("127.0.0.1:5432:5432");
        Map<String, Object> app = service("app");
        assertThat((List<Object>) app.get("depends_on")).contains("postgres");
        Map<String, Object> environment = (Map<String, Object>) app.get("environment");
        assertThat(environment)
                .containsEntry(envName(ConversationStoreSetup.URL),
                        "jdbc:postgresql://postgres:5432/" + database.get("POSTGRES_DB"))
                .containsEntry(envName(ConversationStoreSetup.USER), database.get("POSTGRES_USER"))
                .containsEntry(envName(ConversationStoreSetup.PASSWORD), database.get("POSTGRES_PASSWORD"));
        assertThat((Map<String, Object>) compose().get("volumes")).containsKey("postgres-data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMountedFoldersExistAndLandWhereTheAppLooks() throws Exception {
        List<Object> volumes = (List<Object>) service("app").get("volumes");
        assertThat(volumes).contains("./routes:/app/routes:ro", "./config:/app/config:ro", "./data:/app/data");
        for (String mounted : List.of("routes", "config")) {
            assertThat(Repository.path(mounted)).isDirectory();
        }
        assertThat(Repository.path("config/application.properties")).exists();
        String dockerfile = Files.readString(Repository.path("Dockerfile"));
        assertThat(dockerfile).contains("WORKDIR /app").contains("COPY target/camel-copilot-app.jar");
        assertThat(Files.readString(Path.of("src/main/resources/camel-copilot-app.properties")))
                .contains("camel.main.routesIncludePattern = file:routes/*.yaml").contains("copilot.data.dir = data");
        assertThat(CopilotApp.PROPERTY_LOCATIONS).contains("file:config/application.properties");
    }

    /** How Camel's properties component maps an environment variable onto a property key. */
    private static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
