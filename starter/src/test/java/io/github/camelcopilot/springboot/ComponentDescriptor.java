package io.github.camelcopilot.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the tests compare the starter with: the component's descriptor and the starter's metadata, as shipped. */
final class ComponentDescriptor {

    static final String PREFIX = "camel.component.copilot.";

    private ComponentDescriptor() {
    }

    /** The component's options by name, as camel-component-maven-plugin wrote them into the component's jar. */
    static Map<String, JsonNode> options() throws IOException {
        Map<String, JsonNode> options = new LinkedHashMap<>();
        read("META-INF/io/github/camelcopilot/component/copilot.json").path("componentProperties").properties()
                .forEach(entry -> options.put(entry.getKey(), entry.getValue()));
        return options;
    }

    static JsonNode metadata() throws IOException {
        return read("META-INF/spring-configuration-metadata.json");
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = ComponentDescriptor.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new ObjectMapper().readTree(in);
        }
    }
}
