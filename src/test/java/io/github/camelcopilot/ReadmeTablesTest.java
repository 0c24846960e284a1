package io.github.camelcopilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's options and headers tables say exactly what the generated component descriptor says. */
class ReadmeTablesTest {

    private static final Path DESCRIPTOR
            = Path.of("src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json");
    /** What Camel's tooling appends to the description of an option with a defaultValueNote. */
    private static final String DEFAULT_VALUE_NOTICE = "Default value notice:";
    /** Camel's own generic options, documented by Camel (the README's sections mention where they matter). */
    private static final Set<String> GENERIC = Set.of("lazyStartProducer", "autowiredEnabled", "configuration",
            "healthCheckConsumerEnabled", "healthCheckProducerEnabled", "useGlobalSslContextParameters");

    @Test
    void optionsTableMatchesTheDescriptor() throws Exception {
        JsonNode properties = descriptor().get("properties");
        Map<String, String> expected = new LinkedHashMap<>();
        properties.fields().forEachRemaining(field -> {
            if (!GENERIC.contains(field.getKey())) {
                JsonNode option = field.getValue();
                String defaultValue = option.has("defaultValue") ? option.get("defaultValue").asText() : "";
                if (option.get("description").asText().contains(DEFAULT_VALUE_NOTICE)) {
                    defaultValue = ""; // the tooling's stand-in default for a Boolean: the notice says the real one
                }
                expected.put(field.getKey(), (defaultValue.isEmpty() ? "" : "`" + defaultValue + "`") + " | "
                                             + option.get("description").asText());
            }
        });

        assertThat(table("options")).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void everyComponentOptionIsAnEndpointOptionToo() throws Exception {
        JsonNode descriptor = descriptor();
        descriptor.get("componentProperties").fieldNames().forEachRemaining(name -> {
            if (!GENERIC.contains(name)) {
                assertThat(descriptor.get("properties").has(name)).as(name).isTrue();
            }
        });
    }

    @Test
    void headersTableMatchesTheDescriptor() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        descriptor().get("headers").fields().forEachRemaining(field -> expected.put(field.getKey(),
                "`" + field.getValue().get("javaType").asText() + "` | " + field.getValue().get("description").asText()));

        assertThat(table("headers")).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void everyOptionAndHeaderHasADescription() throws Exception {
        JsonNode descriptor = descriptor();
        for (String section : new String[] { "componentProperties", "properties", "headers" }) {
            descriptor.get(section).fields().forEachRemaining(field -> assertThat(
                    field.getValue().path("description").asText()).as(section + "." + field.getKey()).isNotBlank());
        }
    }

    private static JsonNode descriptor() throws Exception {
        return new ObjectMapper().readTree(DESCRIPTOR.toFile());
    }

    /** Rows between the table's markers: first cell (the name, without backticks) to the rest of the row. */
    private static Map<String, String> table(String name) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("<!-- " + name + ":start -->");
        int end = readme.indexOf("<!-- " + name + ":end -->");
        assertThat(start).as("README marker for " + name).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            rows.put(cells[1].trim().replace("`", ""), cells[2].trim() + " | " + cells[3].trim());
        }
        return rows;
    }
}
