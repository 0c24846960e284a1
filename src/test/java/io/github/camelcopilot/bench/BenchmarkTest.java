package io.github.camelcopilot.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmark harness: a smoke run of a few seconds in every build, so the harness cannot rot (no figure
 * is asserted); the full benchmark with {@code -Dbench.mode=full}, which the {@code bench} Maven profile sets.
 */
class BenchmarkTest {

    @Test
    void harnessRunsAndWritesResults() throws Exception {
        boolean full = "full".equals(System.getProperty("bench.mode"));
        Path results = Benchmark.run(full ? Benchmark.Settings.full() : Benchmark.Settings.smoke(), Path.of("."));
        assertThat(results).exists();
        assertThat(Files.readString(results)).contains("\"results\"", "copilot component", "camel-http route");
    }
}
