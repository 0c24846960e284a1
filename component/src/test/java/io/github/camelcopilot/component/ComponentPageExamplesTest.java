package io.github.camelcopilot.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The YAML examples of the component page's operations that start from direct: run as written against the simulator. */
class ComponentPageExamplesTest extends CopilotTestSupport {

    private static final Path PAGE = Path.of("src/main/docs/copilot-component.adoc");
    private static final Pattern YAML_BLOCK = Pattern.compile("\\[source,yaml]\\n----\\n(.*?)\\n----", Pattern.DOTALL);
    private static final Pattern FIRST_URI = Pattern.compile("uri: (\\S+)");

    static List<String> directExamples() throws IOException {
        String page = Files.readString(PAGE);
        String operations = page.substring(page.indexOf("== Operations"), page.indexOf("[#streaming]"));
        List<String> examples = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(operations);
        while (block.find()) {
            Matcher uri = FIRST_URI.matcher(block.group(1));
            if (uri.find() && uri.group(1).startsWith("direct:")) {
                examples.add(block.group(1));
            }
        }
        // createConversation, and chatOverStream in its three modes
        assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
        return examples;
    }

    @ParameterizedTest
    @MethodSource("directExamples")
    void theExampleRuns(String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("page-example.yaml", yaml));
        Matcher uri = FIRST_URI.matcher(yaml);
        assertThat(uri.find()).isTrue();

        Exchange done = template.request(uri.group(1), exchange -> exchange.getMessage().setBody("Hello from the page"));

        assertThat(done.getException()).as(yaml).isNull();
        assertThat(done.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class)).as(yaml).isNotBlank();
        assertThat(simulator().requests()).as(yaml).isNotEmpty();
    }
}
