package io.github.camelcopilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrows point one way inside the component: component → auth, stream, client, store → model. The app and the
 * test kit's simulator are other modules, off the component's class path; the component never names them.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/camelcopilot");

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

    @Test
    void everyPackageHasSources() throws IOException {
        for (String name : List.of("component", "auth", "stream", "client", "store", "model")) {
            assertThat(importsOf(name)).as(name).isNotEmpty();
        }
    }

    private static List<String> importsOf(String packageName) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve(packageName))) {
            return files.filter(file -> file.toString().endsWith(".java")).flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream().filter(line -> line.startsWith("import "));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
