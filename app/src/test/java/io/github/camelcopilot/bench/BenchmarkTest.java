package io.github.camelcopilot.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmark harness: a smoke run of about 20 seconds in every build, both fronts (plain HTTP/1.1, TLS +
 * HTTP/2), so the harness cannot rot (no figure is asserted); the full benchmark with {@code -Dbench.mode=full}, which
 * the {@code bench} Maven profile sets ({@code -Dbench.mode=streams}, {@code plain} or {@code tls} there run a part).
 */
class BenchmarkTest {

    @Test
    void harnessRunsAndWritesResults() throws Exception {
        Benchmark.Settings settings = Benchmark.Settings.of(System.getProperty("bench.mode", "smoke"));
        Path results = Benchmark.run(settings, Path.of("."));
        assertThat(results).exists();
        String json = Files.readString(results);
        assertThat(json).contains("\"results\"");
        if (settings.measureStartup()) {
            assertThat(json).contains("medianMillis");
        }
        if (!settings.operations().isEmpty() || settings.relayedStreams() != null) {
            assertThat(json).contains(CopilotComponentBench.NAME);
        }
        if (!settings.operations().isEmpty()) {
            assertThat(json).contains(CamelHttpRouteBench.NAME);
            for (BenchServer.Front front : settings.fronts()) {
                assertThat(json).contains("\"front\" : \"" + front.label + "\"");
            }
        }
        if (settings.watchingRounds() > 0) {
            assertThat(json).contains(LoadDriver.WATCHING).contains(CopilotComponentBench.NAME + ", meters\"")
                    .contains(CopilotComponentBench.NAME + ", meters + tracing\"");
        }
        if (settings.warmBurst() != null) {
            assertThat(json).contains(LoadDriver.WARM_BURST);
        }
    }
}
