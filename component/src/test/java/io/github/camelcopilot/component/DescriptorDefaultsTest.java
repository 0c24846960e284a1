package io.github.camelcopilot.component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every default the generated descriptor declares is the value a fresh endpoint has, and none is declared where the code has none. */
class DescriptorDefaultsTest {

    private static final Path DESCRIPTOR
            = Path.of("src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json");

    @Test
    void declaredDefaultsAreTheCodesDefaults() throws Exception {
        JsonNode properties = new ObjectMapper().readTree(DESCRIPTOR.toFile()).get("properties");
        List<String> mismatches = new ArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            CopilotEndpoint endpoint = context.getEndpoint("copilot:chat", CopilotEndpoint.class);
            CopilotEndpointConfigurer configurer = new CopilotEndpointConfigurer();
            properties.fields().forEachRemaining(field -> {
                JsonNode option = field.getValue();
                if (!"configuration".equals(option.path("configurationField").asText())) {
                    return; // operation (the path) and Camel's own options
                }
                Object actual = configurer.getOptionValue(endpoint, field.getKey(), false);
                String declared = option.has("defaultValue") ? option.get("defaultValue").asText() : null;
                if (actual == null && option.path("javaType").asText().equals("java.lang.Boolean")) {
                    // The tooling declares false for any boolean: an unset Boolean must say so in its notice.
                    if (!option.get("description").asText().contains("Default value notice: none")) {
                        mismatches.add(field.getKey() + ": unset in the code, declared " + declared + " without a notice");
                    }
                } else if (actual == null ? declared != null : !String.valueOf(actual).equals(declared)) {
                    mismatches.add(field.getKey() + ": code " + actual + ", descriptor " + declared);
                }
            });
        }
        assertThat(mismatches).isEmpty();
    }

    /** The component's own options (not its configuration's): the declared default is what a fresh component has. */
    @Test
    void componentOnlyDefaultsAreTheCodesDefaults() throws Exception {
        JsonNode properties = new ObjectMapper().readTree(DESCRIPTOR.toFile()).get("componentProperties");
        CopilotComponent component = new CopilotComponent();
        CopilotComponentConfigurer configurer = new CopilotComponentConfigurer();
        for (String option : List.of("signInPoolSize", "streamReaderPoolSize")) {
            assertThat(properties.get(option).get("defaultValue").asText())
                    .isEqualTo(String.valueOf(configurer.getOptionValue(component, option, false)));
        }
        // depends on the machine, so declared in words only
        assertThat(properties.get("httpPoolSize").has("defaultValue")).isFalse();
        assertThat(properties.get("httpPoolSize").get("description").asText()).contains("Unset: the number of cores");
        assertThat(configurer.getOptionValue(component, "httpPoolSize", false))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
