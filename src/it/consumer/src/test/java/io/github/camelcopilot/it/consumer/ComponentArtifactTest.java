package io.github.camelcopilot.it.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.apache.camel.CatalogCamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Camel and its tooling look for in the installed component jar is there, where they look for it. */
class ComponentArtifactTest {

    @Test
    void aCamelContextFindsTheComponentAndItsDescriptor() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            String descriptor = ((CatalogCamelContext) context).getComponentParameterJsonSchema("copilot");
            assertNotNull(descriptor, "META-INF/io/github/camelcopilot/component/copilot.json through META-INF/services");
            assertTrue(descriptor.contains("\"scheme\": \"copilot\""), descriptor);
            assertTrue(descriptor.contains("\"artifactId\": \"camel-copilot\""), descriptor);
            assertEquals("io.github.camelcopilot.component.CopilotComponent",
                    context.getComponent("copilot").getClass().getName());
        }
    }

    @Test
    void theJarShipsItsKameletsAndGeneratedConfigurers() throws IOException {
        for (String kamelet : List.of("copilot-chat-action", "copilot-chat-sink", "copilot-create-conversation-action")) {
            String text = read("kamelets/" + kamelet + ".kamelet.yaml");
            assertTrue(text.contains("kind: Kamelet") && text.contains("name: " + kamelet), kamelet);
        }
        for (String service : List.of("component/copilot", "configurer/copilot-component", "configurer/copilot-endpoint",
                "urifactory/copilot-endpoint")) {
            assertNotNull(read("META-INF/services/org/apache/camel/" + service), service);
        }
        List<URL> descriptors = Collections.list(getClass().getClassLoader()
                .getResources("META-INF/io/github/camelcopilot/component/copilot.json"));
        assertEquals(1, descriptors.size(), "one component descriptor on the class path: " + descriptors);
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ComponentArtifactTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
