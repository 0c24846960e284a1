package io.github.camelcopilot.it.consumer;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What this application ships with (its runtime class path, as Maven resolved it): camel-copilot brings none of the
 * app, a broker, Vert.x, Netty, a web page or JUnit; and its published POM asks for camel-support, camel-jackson,
 * MSAL4J and Apache HttpClient 5 (its transport, which brings httpcore5 and httpcore5-h2) only.
 */
class ComponentDependenciesTest {

    /** A line of dependency:list: group:artifact:type[:classifier]:version:scope:/path/to.jar (module info after). */
    private static final Pattern ARTIFACT = Pattern.compile(
            "^\\s*([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):(compile|runtime):(/[^\\s]+?\\.jar)");

    private record Artifact(String group, String artifact, String scope, Path file) {
        String coordinates() {
            return group + ":" + artifact;
        }
    }

    private static List<Artifact> runtimeClassPath() throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("runtime.dependencies")))) {
            Matcher matcher = ARTIFACT.matcher(line);
            if (matcher.find()) {
                artifacts.add(new Artifact(matcher.group(1), matcher.group(2), matcher.group(6),
                        Path.of(matcher.group(7))));
            }
        }
        return artifacts;
    }

    @Test
    void theRuntimeClassPathHoldsNoAppBrokerVertxOrTestFramework() throws IOException {
        List<Artifact> artifacts = runtimeClassPath();
        assertTrue(artifacts.stream().anyMatch(a -> a.coordinates().equals("io.github.camelcopilot:camel-copilot")),
                "camel-copilot on the class path: " + artifacts);
        List<String> banned = artifacts.stream().map(Artifact::coordinates).filter(coordinates ->
                coordinates.startsWith("io.github.camelcopilot:") && !coordinates.endsWith(":camel-copilot")
                || coordinates.startsWith("org.apache.activemq") || coordinates.startsWith("io.vertx:")
                || coordinates.startsWith("io.netty:") || coordinates.startsWith("org.junit")
                || coordinates.startsWith("junit:") || coordinates.startsWith("org.opentest4j:")
                || coordinates.startsWith("org.apache.camel:camel-platform-http")
                || coordinates.startsWith("org.apache.camel:camel-jms")
                || coordinates.startsWith("org.apache.logging.log4j:log4j-core")
                || coordinates.startsWith("com.h2database:") || coordinates.startsWith("org.postgresql:")).toList();
        assertEquals(List.of(), banned);
        // the transport's three jars, and nothing of another HTTP stack
        assertTrue(artifacts.stream().map(Artifact::coordinates).toList().containsAll(List.of(
                "org.apache.httpcomponents.client5:httpclient5", "org.apache.httpcomponents.core5:httpcore5",
                "org.apache.httpcomponents.core5:httpcore5-h2")), "Apache HttpClient 5 on the class path: " + artifacts);
    }

    @Test
    void noJarOnTheRuntimeClassPathServesAWebPageOrSetsUpLogging() throws IOException {
        List<String> found = new ArrayList<>();
        for (Artifact artifact : runtimeClassPath()) {
            try (JarFile jar = new JarFile(artifact.file().toFile())) {
                for (JarEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    boolean page = (name.startsWith("static/") || name.startsWith("public/")
                                    || name.startsWith("META-INF/resources/")) && !entry.isDirectory();
                    boolean logging = name.matches("log4j2[^/]*\\.(properties|xml|yaml|json)")
                                      || name.equals("logback.xml");
                    boolean appConfig = name.startsWith("camel-copilot-app") || name.startsWith("io/github/camelcopilot/app/")
                                        || name.startsWith("io/github/camelcopilot/simulator/");
                    if (page || logging || appConfig) {
                        found.add(artifact.coordinates() + "!/" + name);
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void thePublishedPomAsksForCamelSupportCamelJacksonMsal4jAndHttpClient5Only() throws Exception {
        Artifact component = runtimeClassPath().stream()
                .filter(a -> a.coordinates().equals("io.github.camelcopilot:camel-copilot")).findFirst().orElseThrow();
        String jar = component.file().getFileName().toString();
        Path pom = component.file().resolveSibling(jar.substring(0, jar.length() - ".jar".length()) + ".pom");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element dependencies = (Element) document.getDocumentElement().getElementsByTagName("dependencies").item(0);
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
        assertEquals(Set.of("com.microsoft.azure:msal4j", "org.apache.camel:camel-jackson",
                "org.apache.camel:camel-support", "org.apache.httpcomponents.client5:httpclient5"), required);
        assertFalse(Files.readString(pom).contains("<module>"), "the component's POM is not an aggregator");
    }

    private static String text(Element element, String tag) {
        NodeList nodes = element.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
