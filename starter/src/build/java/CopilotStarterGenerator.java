import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the starter's {@code CopilotComponentConfiguration} and its {@code META-INF/spring-configuration-metadata.json}
 * from the component's descriptor (the JSON camel-component-maven-plugin generates), so that every component option,
 * with its type, default, description and deprecation, reaches Spring Boot and its IDE support by rebuilding. Run by the
 * starter's build (exec-maven-plugin, generate-sources) as a single-file program on the starter's class path, where it
 * finds the descriptor of the component named by its scheme; both outputs are committed, as Camel commits what it
 * generates.
 * <p>
 * Arguments: the component's scheme, the Java source root and the resource root to write into.
 */
public final class CopilotStarterGenerator {

    private static final String PACKAGE = "io.github.camelcopilot.springboot";
    private static final String CLASS = "CopilotComponentConfiguration";
    private static final String BASE_CLASS = "CopilotStarterProperties";

    /** An option of the descriptor as the starter binds it. */
    private record Option(String name, JsonNode json) {
        String kebab() {
            return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        }

        String javaType() {
            return json.path("javaType").asText();
        }

        boolean isDuration() {
            return "duration".equals(json.path("type").asText());
        }

        /** What Spring binds: durations as {@link java.time.Duration} (60000, 60s and 1m alike), primitives boxed. */
        String fieldType() {
            if (isDuration()) {
                return "java.time.Duration";
            }
            return switch (javaType()) {
                case "int" -> "java.lang.Integer";
                case "long" -> "java.lang.Long";
                case "boolean" -> "java.lang.Boolean";
                case "double" -> "java.lang.Double";
                case "float" -> "java.lang.Float";
                default -> javaType().replace('$', '.');
            };
        }

        /** The value the component takes, from the bound field. */
        String componentValue() {
            if (!isDuration()) {
                return name;
            }
            return switch (javaType()) {
                case "long", "java.lang.Long" -> name + ".toMillis()";
                case "int", "java.lang.Integer" -> "Math.toIntExact(" + name + ".toMillis())";
                case "java.time.Duration" -> name;
                default -> name + ".toMillis() + \"ms\"";
            };
        }

        boolean deprecated() {
            return json.path("deprecated").asBoolean(false);
        }

        boolean secret() {
            return json.path("secret").asBoolean(false);
        }

        boolean isObject() {
            return "object".equals(json.path("type").asText());
        }

        String capitalized() {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Arguments: scheme javaSourceRoot resourceRoot");
        }
        JsonNode descriptor = descriptor(args[0]);
        List<Option> options = options(descriptor);
        write(Path.of(args[1], PACKAGE.replace('.', '/'), CLASS + ".java"), javaSource(args[0], descriptor, options));
        write(Path.of(args[2], "META-INF", "spring-configuration-metadata.json"), metadata(args[0], options));
    }

    /** The descriptor beside the component class that the scheme's service file names. */
    private static JsonNode descriptor(String scheme) throws IOException {
        ClassLoader loader = CopilotStarterGenerator.class.getClassLoader();
        Properties service = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/services/org/apache/camel/component/" + scheme)) {
            if (in == null) {
                throw new IllegalStateException("No component with scheme " + scheme + " on the class path");
            }
            service.load(in);
        }
        String componentClass = service.getProperty("class");
        String path = "META-INF/" + componentClass.substring(0, componentClass.lastIndexOf('.')).replace('.', '/')
                      + "/" + scheme + ".json";
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No descriptor " + path + " on the class path");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /**
     * The component's options in the descriptor's order, except that an option holding the others' configuration
     * object comes first: set after them it would replace what they set.
     */
    private static List<Option> options(JsonNode descriptor) {
        List<Option> holders = new ArrayList<>();
        List<Option> others = new ArrayList<>();
        JsonNode properties = descriptor.path("componentProperties");
        List<String> configurationFields = new ArrayList<>();
        properties.forEach(p -> configurationFields.add(p.path("configurationField").asText("")));
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            Option option = new Option(entry.getKey(), entry.getValue());
            (configurationFields.contains(option.name) ? holders : others).add(option);
        }
        holders.addAll(others);
        return holders;
    }

    private static String javaSource(String scheme, JsonNode descriptor, List<Option> options) {
        StringBuilder java = new StringBuilder();
        java.append("package ").append(PACKAGE).append(";\n\n")
                .append("import java.util.LinkedHashMap;\n")
                .append("import java.util.List;\n")
                .append("import java.util.Map;\n")
                .append("import java.util.Set;\n\n")
                .append("import org.springframework.boot.context.properties.ConfigurationProperties;\n\n")
                .append("/**\n")
                .append(javadoc(descriptor.path("component").path("description").asText(), ""))
                .append(" * <p>\n")
                .append(" * Every option of the component's descriptor, bound from {@code camel.component.").append(scheme)
                .append(".*};\n * what is left unset stays the component's default.\n")
                .append(" * <p>\n")
                .append(" * Generated by CopilotStarterGenerator from the component's descriptor: do not edit.\n")
                .append(" */\n")
                .append("@ConfigurationProperties(prefix = \"camel.component.").append(scheme).append("\")\n")
                .append("public class ").append(CLASS).append(" extends ").append(BASE_CLASS).append(" {\n\n")
                .append("    /** The types of the options that take a bean, which a {@code #name} reference may name. */\n")
                .append("    static final List<Class<?>> REFERENCE_TYPES = List.of(\n            ");
        List<String> referenceTypes = options.stream().filter(Option::isObject).map(o -> o.fieldType() + ".class")
                .distinct().toList();
        java.append(String.join(",\n            ", referenceTypes)).append(");\n\n")
                .append("    /** The options whose values are never logged or shown. */\n")
                .append("    static final Set<String> SECRET_OPTIONS = Set.of(\n            ")
                .append(String.join(",\n            ", options.stream().filter(Option::secret).map(o -> '"' + o.name + '"').toList()))
                .append(");\n\n");
        for (Option option : options) {
            java.append("    /**\n").append(javadoc(option.json.path("description").asText(), "    "));
            if (option.secret()) {
                java.append("     * <p>\n     * A secret: never logged.\n");
            }
            if (option.deprecated()) {
                java.append("     *\n     * @deprecated ")
                        .append(option.json.path("deprecationNote").asText("").replace("*/", "*&#47;")).append('\n');
            }
            java.append("     */\n");
            if (option.deprecated()) {
                java.append("    @Deprecated\n");
            }
            java.append("    private ").append(option.fieldType()).append(' ').append(option.name).append(";\n\n");
        }
        for (Option option : options) {
            String deprecated = option.deprecated() ? "    @Deprecated\n" : "";
            java.append(deprecated)
                    .append("    public ").append(option.fieldType()).append(" get").append(option.capitalized())
                    .append("() {\n        return ").append(option.name).append(";\n    }\n\n")
                    .append(deprecated)
                    .append("    public void set").append(option.capitalized()).append('(').append(option.fieldType())
                    .append(' ').append(option.name).append(") {\n        this.").append(option.name).append(" = ")
                    .append(option.name).append(";\n    }\n\n");
        }
        java.append("    /** The options that are set, by the component's option names, as the component takes them. */\n")
                .append("    Map<String, Object> componentOptions() {\n")
                .append("        Map<String, Object> options = new LinkedHashMap<>();\n");
        for (Option option : options) {
            java.append("        if (").append(option.name).append(" != null) {\n")
                    .append("            options.put(\"").append(option.name).append("\", ")
                    .append(option.componentValue()).append(");\n")
                    .append("        }\n");
        }
        java.append("        return options;\n    }\n}\n");
        return java.toString();
    }

    private static String javadoc(String text, String indent) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
                .replace("@", "&#64;");
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : escaped.split("\\s+")) {
            if (line.length() > 0 && line.length() + word.length() + 1 > 110 - indent.length()) {
                out.append(indent).append(" * ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            out.append(indent).append(" * ").append(line).append('\n');
        }
        return out.toString();
    }

    private static String metadata(String scheme, List<Option> options) throws IOException {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String prefix = "camel.component." + scheme;
        String sourceType = PACKAGE + "." + CLASS;
        ObjectNode root = json.objectNode();
        root.putArray("groups").addObject().put("name", prefix).put("type", sourceType).put("sourceType", sourceType);
        ArrayNode properties = root.putArray("properties");
        ArrayNode hints = root.putArray("hints");
        // The starter's own properties (CopilotStarterProperties and Camel's ComponentConfigurationPropertiesCommon).
        starterProperty(properties, prefix + ".enabled", "java.lang.Boolean", sourceType,
                "Whether to enable auto configuration of the " + scheme + " component. This is enabled by default.")
                .put("defaultValue", true);
        starterProperty(properties, prefix + ".customizer.enabled", "java.lang.Boolean", sourceType,
                "Whether the starter applies these options to the " + scheme + " component (its component customizer)."
                + " This is enabled by default.").put("defaultValue", true);
        starterProperty(properties, prefix + ".conversation-store-type",
                PACKAGE + ".CopilotConversationStoreType", sourceType,
                "The conversation store the starter provides when the application defines no CopilotConversationStore"
                + " bean: memory (the component's own, the default) or jdbc (a JdbcConversationStore on the"
                + " application's DataSource bean).").put("defaultValue", "memory");
        hints.addObject().put("name", prefix + ".conversation-store-type")
                .set("values", json.arrayNode().add(json.objectNode().put("value", "memory"))
                        .add(json.objectNode().put("value", "jdbc")));
        starterProperty(properties, prefix + ".conversation-store-table", "java.lang.String", sourceType,
                "With conversation-store-type jdbc: the table of the JdbcConversationStore, created when missing.")
                .put("defaultValue", "copilot_conversation");
        for (Option option : options) {
            ObjectNode property = starterProperty(properties, prefix + "." + option.kebab(), option.fieldType(),
                    sourceType, option.json.path("description").asText());
            JsonNode defaultValue = option.json.get("defaultValue");
            if (defaultValue != null) {
                property.set("defaultValue", option.isDuration()
                        ? json.textNode(durationText(defaultValue.asLong()))
                        : defaultValue);
            }
            if (option.deprecated()) {
                property.put("deprecated", true);
                ObjectNode deprecation = property.putObject("deprecation").put("level", "warning");
                String note = option.json.path("deprecationNote").asText("");
                if (!note.isEmpty()) {
                    deprecation.put("reason", note);
                }
            }
            JsonNode values = option.json.get("enum");
            if (values != null) {
                ArrayNode hintValues = hints.addObject().put("name", prefix + "." + option.kebab()).putArray("values");
                values.forEach(value -> hintValues.addObject().put("value", value.asText()));
            }
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    private static ObjectNode starterProperty(ArrayNode properties, String name, String type, String sourceType,
                                              String description) {
        return properties.addObject().put("name", name).put("type", type).put("description", description)
                .put("sourceType", sourceType);
    }

    /** A whole number of seconds as {@code 60s}, otherwise milliseconds ({@code 500ms}), as Spring Boot writes them. */
    private static String durationText(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || !Files.readString(file).equals(content)) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }
}
