package io.github.camelcopilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component page's generated parts say exactly what the generated component descriptor says. After an option
 * or header changes, rewrite them with
 * {@code mvn -B -o -q test -Dtest=ComponentPageTest -Dcopilot.docs.update=true}.
 */
class ComponentPageTest {

    /** Camel's own generic options: component options only, not repeated on the endpoint. */
    private static final Set<String> GENERIC = Set.of("lazyStartProducer", "autowiredEnabled", "configuration",
            "healthCheckConsumerEnabled", "healthCheckProducerEnabled", "useGlobalSslContextParameters");
    /** The sizes of pools the component shares between all its endpoints: an endpoint cannot have its own. */
    private static final Set<String> COMPONENT_ONLY = Set.of("httpPoolSize", "signInPoolSize",
            "conversationStorePoolSize", "metricsEnabled");

    @Test
    void generatedPartsAreInStepWithTheDescriptor() throws Exception {
        String page = Files.readString(ComponentPage.PAGE);
        String rendered = ComponentPage.update(page, ComponentPage.model());
        if (Boolean.getBoolean("copilot.docs.update") && !rendered.equals(page)) {
            Files.writeString(ComponentPage.PAGE, rendered);
            page = rendered;
        }
        assertThat(page).as(ComponentPage.PAGE + " is not in step with " + ComponentPage.DESCRIPTOR
                            + ": rewrite its header and tables with"
                            + " mvn -B -o -q test -Dtest=ComponentPageTest -Dcopilot.docs.update=true")
                .isEqualTo(rendered);
    }

    /** Read back from the page, independently of the rendering: every option and header with its default and text. */
    @Test
    void everyOptionAndHeaderIsInItsTable() throws Exception {
        JsonNode descriptor = new ObjectMapper().readTree(ComponentPage.DESCRIPTOR.toFile());
        String page = Files.readString(ComponentPage.PAGE);

        assertThat(rows(section(page, "== Component Options", "== Endpoint Options")))
                .containsExactlyInAnyOrderEntriesOf(expected(descriptor.get("componentProperties")));
        assertThat(rows(section(page, "== Endpoint Options", "== Message Headers")))
                .containsExactlyInAnyOrderEntriesOf(expected(descriptor.get("properties")));
        assertThat(rows(section(page, "== Message Headers", ComponentPage.END)))
                .containsExactlyInAnyOrderEntriesOf(expected(descriptor.get("headers")));
    }

    /** Every exception class of the component (the client's, the store's, sign-in's) is explained on the page. */
    @Test
    void everyExceptionIsOnThePage() throws Exception {
        String page = Files.readString(ComponentPage.PAGE);
        List<String> exceptions;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            exceptions = sources.map(path -> path.getFileName().toString()).filter(name -> name.endsWith("Exception.java"))
                    .map(name -> name.substring(0, name.length() - ".java".length())).sorted().toList();
        }
        assertThat(exceptions).contains("CopilotException", "CopilotSignInException",
                "CopilotConversationStoreException");
        assertThat(exceptions).allSatisfy(exception -> assertThat(page).as(exception).contains("`" + exception + "`"));
        // the ones a route sees have a row of their own in the exceptions table (the others are causes)
        assertThat(exceptions).filteredOn(exception -> exception.startsWith("Copilot")).allSatisfy(exception -> assertThat(
                page).as(exception).containsPattern("\\| `[\\w.]*\\." + exception + "` \\|"));
    }

    @Test
    void everyComponentOptionIsAnEndpointOptionToo() throws Exception {
        JsonNode descriptor = new ObjectMapper().readTree(ComponentPage.DESCRIPTOR.toFile());
        descriptor.get("componentProperties").fieldNames().forEachRemaining(name -> {
            if (!GENERIC.contains(name) && !COMPONENT_ONLY.contains(name)) {
                assertThat(descriptor.get("properties").has(name)).as(name).isTrue();
            }
        });
    }

    /** Name to "default | description" as the descriptor has them. */
    private static Map<String, String> expected(JsonNode options) {
        Map<String, String> expected = new LinkedHashMap<>();
        options.fields().forEachRemaining(field -> {
            JsonNode option = field.getValue();
            String description = option.get("description").asText();
            String defaultValue = option.has("defaultValue") && !description.contains(ComponentPage.DEFAULT_VALUE_NOTICE)
                    ? option.get("defaultValue").asText() : "";
            expected.put(field.getKey(), defaultValue + " | " + description);
        });
        return expected;
    }

    private static String section(String page, String from, String to) {
        int start = page.indexOf(from, page.indexOf(ComponentPage.START));
        assertThat(start).as(from + " in " + ComponentPage.PAGE).isNotNegative();
        return page.substring(start, page.indexOf(to, start));
    }

    /** Table rows: the option's name to "default | description" (the description without its enum values). */
    private static Map<String, String> rows(String section) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| *")) {
                String[] cells = line.split(" \\| ");
                String name = cells[0].substring(3, cells[0].indexOf("* ("));
                String description = cells[1].replace("\\|", "|").replaceFirst(" Enum values: .*$", "");
                rows.put(name, cells[2].replace("`", "") + " | " + description);
            }
        }
        return rows;
    }
}
