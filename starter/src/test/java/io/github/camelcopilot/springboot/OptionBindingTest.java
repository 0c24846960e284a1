package io.github.camelcopilot.springboot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelcopilot.component.CopilotComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every option of the component's descriptor that takes a value (not a bean), set as a user sets it, in
 * {@code application.yml} (kebab case) or in the environment ({@code CAMEL_COMPONENT_COPILOT_BASEURL}), is bound by
 * Spring and reaches the component, read back through the component's own configurer.
 */
class OptionBindingTest {

    private record Sample(String text, Object expected) {
    }

    /** A value other than the option's default, and what the component then holds. */
    private static Sample sample(String option, JsonNode descriptor) {
        String type = descriptor.path("type").asText();
        return switch (type) {
            case "string" -> new Sample("value-of-" + option, "value-of-" + option);
            case "integer" -> new Sample("7", "7");
            case "boolean" -> {
                boolean value = !descriptor.path("defaultValue").asBoolean(false);
                yield new Sample(String.valueOf(value), String.valueOf(value));
            }
            case "duration" -> new Sample("7s", "7000");
            case "enum" -> {
                JsonNode values = descriptor.path("enum");
                String last = values.get(values.size() - 1).asText();
                yield new Sample(last, last);
            }
            default -> null; // object: a bean, see CopilotAutoConfigurationTest
        };
    }

    private static List<String> unboundOptions(boolean environment) throws Exception {
        Map<String, Object> source = new LinkedHashMap<>();
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : ComponentDescriptor.options().entrySet()) {
            String option = entry.getKey();
            Sample sample = sample(option, entry.getValue());
            if (sample == null) {
                continue;
            }
            samples.put(option, sample);
            String name = environment
                    ? "CAMEL_COMPONENT_COPILOT_" + option.toUpperCase()
                    : ComponentDescriptor.PREFIX + option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            source.put(name, sample.text());
        }
        PropertySource<?> propertySource = environment
                ? new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source)
                : new MapPropertySource("application.yml", source);
        CopilotComponentConfiguration configuration = new Binder(ConfigurationPropertySources.from(propertySource))
                .bind("camel.component.copilot", Bindable.of(CopilotComponentConfiguration.class)).get();

        List<String> unbound = new ArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            CopilotComponent component = new CopilotComponent();
            component.setCamelContext(context);
            CopilotComponentAutoConfiguration.apply(component, configuration.componentOptions());
            PropertyConfigurerGetter getter = (PropertyConfigurerGetter) component.getComponentPropertyConfigurer();
            samples.forEach((option, sample) -> {
                Object value = getter.getOptionValue(component, option, false);
                if (!sample.expected().equals(String.valueOf(value))) {
                    unbound.add(option + "=" + value);
                }
            });
        }
        assertThat(samples).hasSizeGreaterThan(40);
        return unbound;
    }

    @Test
    void everyOptionSetInApplicationYmlReachesTheComponent() throws Exception {
        assertThat(unboundOptions(false)).isEmpty();
    }

    @Test
    void everyOptionSetInTheEnvironmentReachesTheComponent() throws Exception {
        assertThat(unboundOptions(true)).isEmpty();
    }

    @Test
    void optionsLeftUnsetKeepTheComponentsDefaults() {
        CopilotComponentConfiguration configuration = new Binder(ConfigurationPropertySources.from(
                new MapPropertySource("application.yml", Map.of("camel.component.copilot.base-url", "http://x"))))
                .bind("camel.component.copilot", Bindable.of(CopilotComponentConfiguration.class)).get();
        assertThat(configuration.componentOptions()).containsOnlyKeys("baseUrl");
    }
}
