package io.github.camelcopilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Arrows point one way: app → simulator, component → auth, stream, client, store → model; the simulator on nothing. */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/camelcopilot");
    /** Any mention of a project package other than the simulator's, imported or written out in full. */
    private static final Pattern PROJECT_REFERENCE = Pattern.compile("io\\.github\\.camelcopilot\\.(?!simulator\\b)\\w");

    @ParameterizedTest
    @CsvSource({
            "component, app simulator",
            "client, app simulator component",
            "stream, app simulator component client auth",
            "auth, app simulator component client stream",
            "store, app simulator component client stream auth",
            "model, app simulator component client stream auth store" })
    void packageDoesNotImport(String from, String forbidden) throws IOException {
        for (String target : forbidden.split(" ")) {
            assertThat(importsOf(from)).as(from + " must not import " + target)
                    .noneMatch(line -> line.startsWith("import io.github.camelcopilot." + target + ".")
                                       || line.startsWith("import static io.github.camelcopilot." + target + "."));
        }
    }

    /** The simulator is a test kit of its own: its code and its tests name no other package of the project. */
    @ParameterizedTest
    @CsvSource({"src/main/java", "src/test/java"})
    void simulatorDependsOnNoOtherProjectPackage(String sourceRoot) throws IOException {
        Path simulator = Path.of(sourceRoot, "io/github/camelcopilot/simulator");
        assertThat(linesOf(simulator)).as(simulator.toString()).isNotEmpty()
                .filteredOn(line -> PROJECT_REFERENCE.matcher(line).find()).isEmpty();
    }

    @Test
    void everyPackageHasSources() throws IOException {
        for (String name : List.of("app", "simulator", "component", "auth", "stream", "client", "store", "model")) {
            assertThat(importsOf(name)).as(name).isNotEmpty();
        }
    }

    private static List<String> importsOf(String packageName) throws IOException {
        return linesOf(SOURCES.resolve(packageName)).stream().filter(line -> line.startsWith("import ")).toList();
    }

    private static List<String> linesOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
