package io.github.camelcopilot.it.springboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What camel-copilot-starter brings into this application: its published POM asks for the component and Camel Spring
 * Boot only, and its jar holds its auto-configuration and metadata, no application settings, logging set-up, web page
 * or anything of the app or the test kit.
 */
class StarterDependenciesTest {

    /** A line of dependency:list: group:artifact:type[:classifier]:version:scope:/path/to.jar (module info after). */
    private static final Pattern ARTIFACT = Pattern.compile(
            "^\\s*([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):(compile|runtime):(/[^\\s]+?\\.jar)");

    private static Path starterJar() throws IOException {
        for (String line : Files.readAllLines(Path.of(System.getProperty("runtime.dependencies")))) {
            Matcher matcher = ARTIFACT.matcher(line);
            if (matcher.find() && matcher.group(1).equals("io.github.camelcopilot")
                && matcher.group(2).equals("camel-copilot-starter")) {
                return Path.of(matcher.group(7));
            }
        }
        throw new AssertionError("camel-copilot-starter is not on the runtime class path");
    }

    @Test
    void thePublishedPomAsksForTheComponentAndCamelSpringBootOnly() throws Exception {
        Path jar = starterJar();
        String name = jar.getFileName().toString();
        Path pom = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".pom");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        // The project's own dependencies, not the BOMs its dependencyManagement imports.
        Element dependencies = child(document.getDocumentElement(), "dependencies");
        NodeList declared = dependencies.getElementsByTagName("dependency");
        Set<String> required = new TreeSet<>();
        for (int i = 0; i < declared.getLength(); i++) {
            Element dependency = (Element) declared.item(i);
            String scope = text(dependency, "scope");
            if (!"true".equals(text(dependency, "optional")) && (scope == null || scope.equals("compile")
                                                                  || scope.equals("runtime"))) {
                required.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        assertThat(required).containsExactlyInAnyOrder("io.github.camelcopilot:camel-copilot",
                "org.apache.camel.springboot:camel-spring-boot");
    }

    @Test
    void theStarterJarHoldsItsAutoConfigurationAndMetadataOnly() throws IOException {
        List<String> unexpected = new ArrayList<>();
        try (JarFile jar = new JarFile(starterJar().toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                boolean expected = entry.isDirectory() || name.startsWith("io/github/camelcopilot/springboot/")
                                   || name.equals("META-INF/MANIFEST.MF") || name.startsWith("META-INF/maven/")
                                   || name.equals("META-INF/spring-configuration-metadata.json")
                                   || name.equals("META-INF/spring/"
                                                  + "org.springframework.boot.autoconfigure.AutoConfiguration.imports");
                if (!expected) {
                    unexpected.add(name);
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private static Element child(Element parent, String tag) {
        for (int i = 0; i < parent.getChildNodes().getLength(); i++) {
            if (parent.getChildNodes().item(i) instanceof Element element && element.getTagName().equals(tag)) {
                return element;
            }
        }
        throw new AssertionError("no <" + tag + "> in the POM");
    }

    private static String text(Element element, String tag) {
        NodeList nodes = element.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
