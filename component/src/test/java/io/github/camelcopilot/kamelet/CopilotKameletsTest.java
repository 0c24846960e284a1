package io.github.camelcopilot.kamelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.tooling.model.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kamelets in the jar, loaded by camel-kamelet from classpath:kamelets and run from YAML against the simulator. */
class CopilotKameletsTest extends CamelTestSupport {

    private static final Path KAMELETS = Path.of("src/main/resources/kamelets");
    private static final String KAMELET_SUFFIX = ".kamelet.yaml";
    private static final Path DESCRIPTOR
            = Path.of("src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json");

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    private static final String ROUTES = """
            - route:
                from:
                  uri: direct:create
                  steps:
                    - to: kamelet:copilot-create-conversation-action
                    - to: mock:created
            - route:
                from:
                  uri: direct:chat
                  steps:
                    - to:
                        uri: kamelet:copilot-chat-action
                        parameters:
                          timeZone: Europe/Berlin
                          webEnabled: false
                          additionalContext: Keep it short
                    - to: mock:answered
            - route:
                from:
                  uri: direct:ownToken
                  steps:
                    - to:
                        uri: kamelet:copilot-chat-action
                        parameters:
                          accessToken: kamelet-token
                    - to: mock:ownToken
            - route:
                from:
                  uri: direct:secretToken
                  steps:
                    - to: kamelet:copilot-chat-action/secretToken
                    - to: mock:secretToken
            - route:
                from:
                  uri: direct:sink
                  steps:
                    - to: kamelet:copilot-chat-sink
            - route:
                from:
                  uri: direct:keyed
                  steps:
                    - to:
                        uri: kamelet:copilot-chat-action
                        parameters:
                          conversationKey: ticket-kamelet
                    - to: mock:keyed
            """;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl(SIMULATOR.baseUrl());
        config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
        // How a secret reaches a Kamelet without passing through any URI: a property (from a mounted Secret on Camel K).
        context.getPropertiesComponent().addOverrideProperty(
                "camel.kamelet.copilot-chat-action.secretToken.accessToken", "secret-kamelet-token");
        return context;
    }

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("kamelet-test.yaml", ROUTES));
    }

    @Test
    void createConversationActionPassesTheConversationOnAsJson() throws Exception {
        MockEndpoint created = getMockEndpoint("mock:created");
        created.expectedMessageCount(1);

        template.sendBody("direct:create", null);

        created.assertIsSatisfied();
        JsonNode conversation = new ObjectMapper().readTree(created.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(conversation.get("id").asText())
                .isEqualTo(created.getExchanges().get(0).getMessage().getHeader("CamelCopilotConversationId"));
        assertThat(conversation.get("state").asText()).isEqualTo("active");
    }

    @Test
    void chatActionAnswersWithTheReplyAndMapsItsProperties() throws Exception {
        MockEndpoint answered = getMockEndpoint("mock:answered");
        answered.expectedBodiesReceived(SimulatorReplies.replyFor("Kamelet question"));

        template.sendBody("direct:chat", "Kamelet question");

        answered.assertIsSatisfied();
        RecordedRequest chat = SIMULATOR.simulator().requests().get(1);
        assertThat(chat.body()).contains("\"timeZone\":\"Europe/Berlin\"").contains("\"isWebEnabled\":false")
                .contains("Keep it short");
    }

    @Test
    void chatActionTakesItsOwnAccessTokenKeepingItOutOfItsEndpointUris() throws Exception {
        MockEndpoint answered = askWithToken("direct:ownToken", "mock:ownToken", "kamelet-token");

        // the caller's own route put the token on the kamelet: URI; the Kamelet's copilot: endpoint has none
        assertThat(copilotEndpointUris()).isNotEmpty().noneMatch(uri -> uri.contains("kamelet-token"));
        assertThat(answered.getExchanges().get(0).getMessage().getHeaders())
                .doesNotContainKey("CamelCopilotAccessToken");
    }

    @Test
    void aKameletsSecretAccessTokenLandsInNoEndpointUri() throws Exception {
        askWithToken("direct:secretToken", "mock:secretToken", "secret-kamelet-token");

        assertThat(copilotEndpointUris()).isNotEmpty();
        assertThat(context.getEndpoints()).extracting(Endpoint::getEndpointUri)
                .noneMatch(uri -> uri.contains("secret-kamelet-token"));
        assertThat(context.getEndpointRegistry().keySet()).extracting(Object::toString)
                .noneMatch(uri -> uri.contains("secret-kamelet-token"));
    }

    /** Sends a prompt through the route; only {@code token} is accepted, and every request carried it. */
    private MockEndpoint askWithToken(String route, String mock, String token) throws Exception {
        SIMULATOR.simulator().acceptTokens(token);
        MockEndpoint answered = getMockEndpoint(mock);
        answered.expectedBodiesReceived(SimulatorReplies.replyFor("With a token"));

        template.sendBody(route, "With a token");

        answered.assertIsSatisfied();
        assertThat(SIMULATOR.simulator().requests()).isNotEmpty()
                .allMatch(r -> ("Bearer " + token).equals(r.header("Authorization")));
        return answered;
    }

    private List<String> copilotEndpointUris() {
        return context.getEndpoints().stream().map(Endpoint::getEndpointUri).filter(uri -> uri.startsWith("copilot:"))
                .toList();
    }

    @Test
    void chatSinkSendsThePrompt() {
        template.sendBody("direct:sink", "Fire and forget");

        assertThat(SIMULATOR.simulator().requests()).extracting(RecordedRequest::body)
                .anyMatch(body -> body.contains("Fire and forget"));
    }

    @Test
    void chatActionWithAKeyContinuesTheKeysConversation() throws Exception {
        MockEndpoint keyed = getMockEndpoint("mock:keyed");
        keyed.expectedMessageCount(2);

        template.sendBody("direct:keyed", "First for the ticket");
        template.sendBody("direct:keyed", "Second for the ticket");

        keyed.assertIsSatisfied();
        var second = keyed.getExchanges().get(1).getMessage();
        assertThat(second.getHeader("CamelCopilotConversationId"))
                .isEqualTo(keyed.getExchanges().get(0).getMessage().getHeader("CamelCopilotConversationId"));
        assertThat(second.getHeader("CamelCopilotTurnCount")).isEqualTo(2);
        assertThat(SIMULATOR.simulator().conversationCount()).isEqualTo(1);
    }

    /** Every Kamelet the jar ships, by name (the file stem before {@code .kamelet.yaml}). */
    static Stream<String> kamelets() throws IOException {
        try (Stream<Path> files = Files.list(KAMELETS)) {
            List<String> names = files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(KAMELET_SUFFIX))
                    .map(file -> file.substring(0, file.length() - KAMELET_SUFFIX.length())).sorted().toList();
            assertThat(names).contains("copilot-create-conversation-action", "copilot-chat-action", "copilot-chat-sink");
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    @SuppressWarnings("unchecked")
    void kameletFilesFollowTheCatalogFormat(String name) throws Exception {
        Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(KAMELETS.resolve(name + KAMELET_SUFFIX)));
        assertThat(kamelet.get("apiVersion")).isEqualTo("camel.apache.org/v1");
        assertThat(kamelet.get("kind")).isEqualTo("Kamelet");
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        assertThat(metadata.get("name")).isEqualTo(name);
        assertThat(((Map<String, Object>) metadata.get("labels")).get("camel.apache.org/kamelet.type"))
                .isEqualTo(name.endsWith("-sink") ? "sink" : "action");
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        String version = new ObjectMapper().readTree(DESCRIPTOR.toFile())
                .at("/component/version").asText();
        // A release version, never a SNAPSHOT: a cluster's Maven resolution of a moving snapshot is not reproducible.
        assertThat((List<String>) spec.get("dependencies"))
                .containsExactly("camel:kamelet", "mvn:io.github.camelcopilot:camel-copilot:" + releaseOf(version));
        assertThat(((Map<String, Object>) metadata.get("annotations")).get("camel.apache.org/catalog.version"))
                .isEqualTo(releaseOf(version));
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        assertThat(definition).containsKeys("title", "description");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        properties.forEach((property, schema) -> assertThat(schema).as(property).containsKeys("title", "description", "type"));
        assertThat(properties.get("accessToken")).containsEntry("format", "password")
                .containsEntry("x-descriptors", List.of("urn:camel:group:credentials"));
    }

    /**
     * What Camel's tooling (the Kamelet catalog, Karavan, the Kaoto editor) reads besides the basics above: an object
     * schema whose required properties exist, every secret as a password, a template from kamelet:source that uses
     * exactly the declared properties, and copilot: parameters that are options of the component's descriptor.
     */
    @ParameterizedTest
    @MethodSource("kamelets")
    @SuppressWarnings("unchecked")
    void kameletsAreValidForCamelsTooling(String name) throws Exception {
        String text = Files.readString(KAMELETS.resolve(name + KAMELET_SUFFIX));
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(text)).get("spec");
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        assertThat(definition).containsEntry("type", "object");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        assertThat((List<String>) definition.getOrDefault("required", List.of())).allSatisfy(
                required -> assertThat(properties).as("required property " + required).containsKey(required));
        properties.forEach((property, schema) -> {
            assertThat(schema.get("type")).as(property).isIn("string", "boolean", "integer", "number", "object", "array");
            if (property.matches("(?i).*(token|secret|password).*")) {
                assertThat(schema).as(property).containsEntry("format", "password")
                        .containsEntry("x-descriptors", List.of("urn:camel:group:credentials"));
            }
        });

        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        assertThat(((Map<String, Object>) template.get("from")).get("uri")).isEqualTo("kamelet:source");
        String templateText = text.substring(text.indexOf("\n  template:"));
        Set<String> placeholders = new TreeSet<>();
        Matcher placeholder = Pattern.compile("\\{\\{\\??([A-Za-z0-9]+)}}").matcher(templateText);
        while (placeholder.find()) {
            placeholders.add(placeholder.group(1));
        }
        assertThat(placeholders).as("properties the template uses").isEqualTo(properties.keySet());

        ComponentModel component = JsonMapper.generateComponentModel(Files.readString(DESCRIPTOR));
        Set<String> options = new TreeSet<>();
        component.getEndpointParameterOptions().forEach(option -> options.add(option.getName()));
        List<Map<String, Object>> copilotSteps = new ArrayList<>();
        collectCopilotSteps(template, copilotSteps);
        assertThat(copilotSteps).as("copilot: endpoints in the template").isNotEmpty().allSatisfy(step -> {
            String uri = (String) step.get("uri");
            assertThat(component.getEndpointPathOptions().get(0).getEnums()).contains(uri.substring("copilot:".length()));
            assertThat(((Map<String, Object>) step.getOrDefault("parameters", Map.of())).keySet())
                    .as(uri + " parameters").isSubsetOf(options);
        });
    }

    /** The {@code to} steps with a copilot: URI, wherever they are nested. */
    @SuppressWarnings("unchecked")
    private static void collectCopilotSteps(Object node, List<Map<String, Object>> found) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("uri") instanceof String uri && uri.startsWith("copilot:")) {
                found.add((Map<String, Object>) map);
            }
            map.values().forEach(value -> collectCopilotSteps(value, found));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectCopilotSteps(item, found));
        }
    }

    /** The version this snapshot becomes when released: what the Kamelets pin. */
    static String releaseOf(String projectVersion) {
        return projectVersion.replace("-SNAPSHOT", "");
    }
}
