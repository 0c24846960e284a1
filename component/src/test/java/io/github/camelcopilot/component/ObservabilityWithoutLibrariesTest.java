package io.github.camelcopilot.component;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelcopilot.simulator.SimulatorReplies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer and camel-telemetry are optional: a child JVM whose class path lacks both (and OpenTelemetry) runs a chat
 * and a stream, and loads none of their classes (-verbose:class lists every class loaded).
 */
class ObservabilityWithoutLibrariesTest {

    private static final List<String> LEFT_OUT = List.of("micrometer", "camel-telemetry", "camel-opentelemetry",
            "opentelemetry", "HdrHistogram", "LatencyUtils");

    @Test
    void withoutMicrometerOrCamelTelemetryTheCallsRunAndNoneOfTheirClassesIsLoaded() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> LEFT_OUT.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).doesNotContain("micrometer-core").contains("camel-copilot-test-kit");
        File output = File.createTempFile("without-observability", ".log");
        output.deleteOnExit();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-verbose:class", "-cp", classPath, WithoutObservabilityLibrariesMain.class.getName())
                .redirectErrorStream(true).redirectOutput(output).start();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly(); // a guard against a hung child, not a bound on the test
        }
        String log = Files.readString(output.toPath(), StandardCharsets.UTF_8);

        assertThat(child.isAlive() ? -1 : child.exitValue()).as(log).isZero();
        String reply = SimulatorReplies.replyFor("Hello without meters");
        assertThat(log).contains("ANSWER direct:chat: " + reply).contains("ANSWER direct:stream: " + reply);
        assertThat(log).contains("io.github.camelcopilot.internal.observe.CopilotObservability")
                .doesNotContain("io.micrometer.").doesNotContain("org.apache.camel.telemetry.")
                .doesNotContain("io.opentelemetry.");
    }
}
