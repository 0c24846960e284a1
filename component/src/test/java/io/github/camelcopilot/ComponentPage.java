package io.github.camelcopilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.tooling.model.BaseOptionModel;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.tooling.model.JsonMapper;

/**
 * Renders the generated parts of {@code src/main/docs/copilot-component.adoc} from the component descriptor: the
 * header attributes and, between Camel's {@code // component options: START} and {@code END} markers, the component
 * options, endpoint options and message headers tables. Camel's own {@code update-readme} goal only writes Antora
 * {@code include::partial$...} lines there (Camel's website renders the tables), which show nothing outside that
 * site, so the tables are written out here. {@code ComponentPageTest} fails when the page is not in step;
 * {@code -Dcopilot.docs.update=true} on that test (or this main method) rewrites the page.
 */
final class ComponentPage {

    static final Path PAGE = Path.of("src/main/docs/copilot-component.adoc");
    static final Path DESCRIPTOR
            = Path.of("src/generated/resources/META-INF/io/github/camelcopilot/component/copilot.json");
    static final String START = "// component options: START";
    static final String END = "// component options: END";
    /** What Camel's tooling appends to the description of an option with a defaultValueNote. */
    static final String DEFAULT_VALUE_NOTICE = "Default value notice:";
    static final String TABLE_START = "[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n"
                                      + "| Name | Description | Default | Type\n";

    private ComponentPage() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(PAGE, update(Files.readString(PAGE), model()));
    }

    static ComponentModel model() throws IOException {
        return JsonMapper.generateComponentModel(Files.readString(DESCRIPTOR));
    }

    /** The page with its header attributes and its tables as the descriptor says; the rest is left as it is. */
    static String update(String page, ComponentModel model) {
        int headerEnd = page.indexOf("\n\n");
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        if (headerEnd < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException(PAGE + " needs a header of attributes, then the markers '" + START
                                               + "' and '" + END + "'");
        }
        return header(model) + page.substring(headerEnd, start) + START + "\n" + tables(model) + page.substring(end);
    }

    static String header(ComponentModel model) {
        return String.join("\n",
                "= " + model.getTitle() + " Component",
                ":doctitle: " + model.getTitle(),
                ":shortname: " + model.getScheme(),
                ":artifactid: " + model.getArtifactId(),
                ":description: " + model.getDescription(),
                ":since: " + model.getFirstVersionShort(),
                ":supportlevel: " + model.getSupportLevel(),
                ":tabs-sync-option:",
                ":component-header: " + (model.isProducerOnly() ? "Only producer is supported"
                        : model.isConsumerOnly() ? "Only consumer is supported"
                        : "Both producer and consumer are supported"));
    }

    static String tables(ComponentModel model) {
        String title = model.getTitle();
        return "\n== Component Options\n\nThe " + title + " component supports " + model.getComponentOptions().size()
               + " options, which are listed below.\n\n" + table(model.getComponentOptions())
               + "\n== Endpoint Options\n\nThe " + title + " endpoint is configured using URI syntax:\n\n----\n"
               + model.getSyntax() + "\n----\n\nwith the following path and query parameters:\n\n"
               + "=== Path Parameters (" + model.getEndpointPathOptions().size() + " parameters)\n\n"
               + table(model.getEndpointPathOptions())
               + "\n=== Query Parameters (" + model.getEndpointParameterOptions().size() + " parameters)\n\n"
               + table(model.getEndpointParameterOptions())
               + "\n== Message Headers\n\nThe " + title + " component supports " + model.getEndpointHeaders().size()
               + " message headers, which are listed below.\n\n" + table(model.getEndpointHeaders()) + "\n";
    }

    private static String table(List<? extends BaseOptionModel> options) {
        return options.stream().map(ComponentPage::row).collect(Collectors.joining("", TABLE_START, "|===\n"));
    }

    private static String row(BaseOptionModel option) {
        return "| *" + option.getName() + "* (" + option.getGroup() + ") | " + cell(description(option)) + " | "
               + (defaultValue(option).isEmpty() ? "" : "`" + cell(defaultValue(option)) + "`") + " | "
               + cell(shortType(option.getJavaType())) + "\n";
    }

    static String description(BaseOptionModel option) {
        String enums = option.getEnums() == null || option.getEnums().isEmpty() ? ""
                : " Enum values: " + option.getEnums().stream().map(e -> "`" + e + "`").collect(Collectors.joining(", "))
                  + ".";
        return option.getDescription() + enums;
    }

    /** The default to show; none for the tooling's stand-in default of a Boolean whose notice says the real one. */
    static String defaultValue(BaseOptionModel option) {
        if (option.getDefaultValue() == null || option.getDescription().contains(DEFAULT_VALUE_NOTICE)) {
            return "";
        }
        return option.getDefaultValue().toString();
    }

    /** Java types without their packages: {@code java.util.List<a.b.C>} is {@code List<C>}. */
    static String shortType(String javaType) {
        return javaType.replaceAll("(?:[a-z]\\w*\\.)+([A-Z]\\w*)", "$1");
    }

    /** AsciiDoc table cells are separated by '|'. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
