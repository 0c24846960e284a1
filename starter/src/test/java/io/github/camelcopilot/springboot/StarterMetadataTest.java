package io.github.camelcopilot.springboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationStyle;

import static io.github.camelcopilot.springboot.ComponentDescriptor.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring configuration metadata the starter ships (what the IDE lists) against the component's descriptor (what
 * the component page lists): one property per option, with the same type, default, description, deprecation and
 * values, and nothing else but the starter's own four properties.
 */
class StarterMetadataTest {

    private static final Set<String> STARTER_PROPERTIES = Set.of("enabled", "customizer.enabled",
            "conversation-store-type", "conversation-store-table");

    private static Map<String, JsonNode> metadataProperties() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        for (JsonNode property : ComponentDescriptor.metadata().path("properties")) {
            String name = property.path("name").asText();
            assertThat(name).startsWith(PREFIX);
            assertThat(properties.put(name.substring(PREFIX.length()), property)).as("twice: " + name).isNull();
        }
        return properties;
    }

    /** The metadata name of an option: its name in Spring's canonical (lower-case, dashed) form. */
    private static String metadataName(Map<String, JsonNode> metadata, String option) {
        ConfigurationPropertyName relaxed = ConfigurationPropertyName.adapt(PREFIX + option, '.');
        List<String> matches = metadata.keySet().stream()
                .filter(name -> ConfigurationPropertyName.of(PREFIX + name).equals(relaxed)).toList();
        assertThat(matches).as("metadata for option " + option).hasSize(1);
        String name = matches.get(0);
        assertThat(name).as("canonical form").matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(name.replace("-", "")).isEqualTo(option.toLowerCase());
        return name;
    }

    @Test
    void everyOptionOfTheDescriptorHasItsMetadataAndNothingElseIsListed() throws Exception {
        Map<String, JsonNode> options = ComponentDescriptor.options();
        Map<String, JsonNode> metadata = metadataProperties();
        Set<String> listed = new TreeSet<>();
        for (String option : options.keySet()) {
            listed.add(metadataName(metadata, option));
        }
        Set<String> extra = new TreeSet<>(metadata.keySet());
        extra.removeAll(listed);
        assertThat(extra).isEqualTo(new TreeSet<>(STARTER_PROPERTIES));
        assertThat(options).hasSizeGreaterThan(40); // the descriptor was found and read, not an empty one
    }

    @Test
    void typesDefaultsDescriptionsAndDeprecationMatchTheDescriptor() throws Exception {
        Map<String, JsonNode> metadata = metadataProperties();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : ComponentDescriptor.options().entrySet()) {
            String option = entry.getKey();
            JsonNode descriptor = entry.getValue();
            JsonNode property = metadata.get(metadataName(metadata, option));
            if (!property.path("type").asText().equals(expectedType(descriptor))) {
                mismatches.add(option + " type " + property.path("type") + " for " + descriptor.path("javaType"));
            }
            if (!property.path("description").asText().equals(descriptor.path("description").asText())) {
                mismatches.add(option + " description");
            }
            if (!sameDefault(descriptor, property)) {
                mismatches.add(option + " default " + property.get("defaultValue") + " for "
                               + descriptor.get("defaultValue"));
            }
            boolean deprecated = descriptor.path("deprecated").asBoolean(false);
            if (property.path("deprecated").asBoolean(false) != deprecated
                || property.has("deprecation") != deprecated) {
                mismatches.add(option + " deprecation");
            }
            if (property.path("sourceType").asText().isEmpty()) {
                mismatches.add(option + " sourceType");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void enumOptionsListTheirValuesAsHints() throws Exception {
        Map<String, JsonNode> metadata = metadataProperties();
        Map<String, List<String>> hints = new HashMap<>();
        for (JsonNode hint : ComponentDescriptor.metadata().path("hints")) {
            List<String> values = new ArrayList<>();
            hint.path("values").forEach(value -> values.add(value.path("value").asText()));
            hints.put(hint.path("name").asText().substring(PREFIX.length()), values);
        }
        int enums = 0;
        for (Map.Entry<String, JsonNode> entry : ComponentDescriptor.options().entrySet()) {
            List<String> values = new ArrayList<>();
            entry.getValue().path("enum").forEach(value -> values.add(value.asText()));
            String name = metadataName(metadata, entry.getKey());
            if (values.isEmpty()) {
                assertThat(hints).as(name).doesNotContainKey(name);
            } else {
                enums++;
                assertThat(hints.get(name)).as(name).isEqualTo(values);
            }
        }
        assertThat(enums).isPositive();
        assertThat(hints.get("conversation-store-type")).containsExactly("memory", "jdbc");
    }

    @Test
    void theIdeListsEveryOptionTheComponentPageLists() throws Exception {
        Path page = Path.of(System.getProperty("copilot.root", ".."),
                "component/src/main/docs/copilot-component.adoc");
        String text = Files.readString(page);
        String table = text.substring(text.indexOf("== Component Options"), text.indexOf("== Endpoint Options"));
        Matcher row = Pattern.compile("(?m)^\\| \\*(\\w+)\\* \\(").matcher(table);
        Map<String, JsonNode> metadata = metadataProperties();
        int rows = 0;
        while (row.find()) {
            rows++;
            metadataName(metadata, row.group(1));
        }
        assertThat(rows).isEqualTo(ComponentDescriptor.options().size());
    }

    /** A duration binds as java.time.Duration; a primitive as its box; anything else as the descriptor's type. */
    private static String expectedType(JsonNode descriptor) {
        if (descriptor.path("type").asText().equals("duration")) {
            return "java.time.Duration";
        }
        String javaType = descriptor.path("javaType").asText();
        return switch (javaType) {
            case "int" -> Integer.class.getName();
            case "long" -> Long.class.getName();
            case "boolean" -> Boolean.class.getName();
            case "double" -> Double.class.getName();
            default -> javaType;
        };
    }

    private static boolean sameDefault(JsonNode descriptor, JsonNode property) {
        JsonNode expected = descriptor.get("defaultValue");
        JsonNode actual = property.get("defaultValue");
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (descriptor.path("type").asText().equals("duration")) {
            return DurationStyle.detectAndParse(actual.asText()).toMillis() == expected.asLong();
        }
        return expected.asText().equals(actual.asText()) && expected.isNumber() == actual.isNumber()
               && expected.isBoolean() == actual.isBoolean();
    }
}
