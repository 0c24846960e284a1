package io.github.camelcopilot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelcopilot.bench.BenchClient.Operation;

/**
 * The performance benchmark of issue 6: the raw JDK client, a camel-http route and the copilot component against
 * one local server, in one run. Writes {@code target/bench/results.json} and {@code target/bench/results.md} and
 * prints the tables. {@code mvn -B -Pbench verify} runs the full benchmark; {@code mvn -B verify} a smoke run.
 */
public final class Benchmark {

    static final String COMMAND = "mvn -B -Pbench verify";

    private static final List<Operation> CALL_OPERATIONS = List.of(Operation.CREATE, Operation.CHAT, Operation.STREAM);

    /**
     * How long and how hard to run.
     *
     * @param rounds     turns each client takes per scenario and concurrency, each a warm-up and a window
     * @param operations the closed-loop scenarios
     * @param streams    streams opened at once in the held-open runs; 0 skips them
     * @param idleThreadWaitMillis the longest wait before a held-open run for earlier runs' idle threads to end
     */
    record Settings(String mode, int rounds, long warmupMillis, long windowMillis, List<Operation> operations,
                    List<Integer> concurrencies, int streams, long eventDelayMillis, long idleThreadWaitMillis,
                    long initialWarmupMillis, boolean measureStartup) {

        static Settings full() {
            return new Settings("full", 4, 500, 1_000, CALL_OPERATIONS, List.of(1, 16, 256), 1_000, 100, 65_000, 1_500,
                    true);
        }

        /** Every code path for a few seconds; no figure means anything. */
        static Settings smoke() {
            return new Settings("smoke", 1, 200, 300, CALL_OPERATIONS, List.of(4), 20, 5, 0, 0, false);
        }

        /** One scenario at one concurrency, measured for longer: for a profiler. */
        static Settings focus(Operation operation, int concurrency) {
            return new Settings("focus", 5, 1_000, 3_000, List.of(operation), List.of(concurrency), 0, 0, 0, 0,
                    false);
        }

        /** The number of events a stream holds the connection for, times the server's pause between them. */
        long streamHoldMillis() {
            return eventDelayMillis * (BenchServer.STREAM_EVENTS - 1);
        }
    }

    private Benchmark() {
    }

    /** Arguments: none (full), {@code smoke}, or {@code focus CREATE|CHAT|STREAM <concurrency>}. */
    public static void main(String[] args) throws Exception {
        Settings settings = args.length == 0 ? Settings.full()
                : args[0].equals("smoke") ? Settings.smoke()
                : Settings.focus(Operation.valueOf(args[1]), Integer.parseInt(args[2]));
        run(settings, Path.of("."));
    }

    /** Runs the benchmark; returns the path of results.json. */
    static Path run(Settings settings, Path projectDir) throws Exception {
        List<Measurement> results = new ArrayList<>();
        Map<String, Object> startup;
        try (BenchServer.Process server = BenchServer.Process.start();
             RawHttpClientBench raw = new RawHttpClientBench(server.baseUrl());
             CamelHttpRouteBench camelHttp = new CamelHttpRouteBench(server.baseUrl());
             CopilotComponentBench component = new CopilotComponentBench(server.baseUrl())) {
            List<BenchClient> clients = List.of(raw, camelHttp, component);
            LoadDriver driver = new LoadDriver(server);
            if (settings.initialWarmupMillis() > 0) {
                progress("warming up every client and operation");
                for (Operation operation : settings.operations()) {
                    for (BenchClient client : clients) {
                        driver.closedLoop(client, operation, 16, settings.initialWarmupMillis(), 100);
                    }
                }
            }
            int block = 0;
            for (Operation operation : settings.operations()) {
                for (int concurrency : settings.concurrencies()) {
                    // The clients take turns in short windows, the order rotating, so that a change in the load of
                    // the machine (other processes share these cores) hits all three alike.
                    Map<BenchClient, LoadDriver.Window> windows = new LinkedHashMap<>();
                    for (int round = 0; round < settings.rounds(); round++) {
                        for (int i = 0; i < clients.size(); i++) {
                            BenchClient client = clients.get((block + round + i) % clients.size());
                            LoadDriver.Window window = driver.closedLoop(client, operation, concurrency,
                                    settings.warmupMillis(), settings.windowMillis());
                            windows.merge(client, window, LoadDriver.Window::plus);
                        }
                    }
                    for (BenchClient client : clients) {
                        results.add(progress(LoadDriver.measurement(operation.label, client, concurrency,
                                windows.get(client))));
                    }
                    block++;
                }
            }
            if (settings.streams() > 0) {
                server.eventDelay(settings.eventDelayMillis());
                long updates = (long) settings.streams() * BenchServer.STREAM_EVENTS;
                results.add(progress(driver.burst(component, Operation.STREAM_UPDATES, settings.streams(),
                        settings.streamHoldMillis(), settings.idleThreadWaitMillis(), updates,
                        component.updatesReceived)));
                results.add(progress(driver.burst(raw, Operation.STREAM_UPDATES, settings.streams(),
                        settings.streamHoldMillis(), settings.idleThreadWaitMillis(), null, null)));
                results.add(progress(driver.burst(component, Operation.STREAM_DELTAS, settings.streams(),
                        settings.streamHoldMillis(), settings.idleThreadWaitMillis(), updates,
                        component.updatesReceived)));
                server.eventDelay(0);
            }
        }
        if (settings.measureStartup()) {
            progress("measuring app start-up");
            startup = AppStartup.measure(projectDir, 3);
        } else {
            startup = Map.of("skipped", "not measured in a " + settings.mode() + " run");
        }
        return write(settings, results, startup, projectDir.resolve("target/bench"));
    }

    private static Path write(Settings settings, List<Measurement> results, Map<String, Object> startup, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> ratios = Report.ratios(results);
        List<Map<String, Object>> targets = Report.targets(results, settings);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", COMMAND);
        json.put("mode", settings.mode());
        json.put("machine", machine());
        json.put("settings", settings);
        json.put("allocationMethod", "ThreadMXBean.getThreadAllocatedBytes summed over the client JVM's threads,"
                                     + " window end minus start, divided by the calls completed in the window");
        json.put("results", results);
        json.put("ratiosToRaw", ratios);
        json.put("targets", targets);
        json.put("appStartup", startup);
        Path file = dir.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        String markdown = Report.markdown(results, ratios, targets, startup, machine());
        Files.writeString(dir.resolve("results.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written: " + file.toAbsolutePath().normalize());
        return file;
    }

    static Map<String, Object> machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryMb", os.getTotalMemorySize() / 1048576);
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("clientMaxHeapMb", Runtime.getRuntime().maxMemory() / 1048576);
        machine.put("clientJvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-X") || arg.startsWith("-Dsun.net")).toList());
        return machine;
    }

    private static void progress(String what) {
        System.out.println("[bench] " + what);
    }

    private static Measurement progress(Measurement measured) {
        progress(String.format(Locale.ROOT, "%-32s %4d  %-18s %9.1f/s  p50 %8.3f ms  p99 %8.3f ms  errors %d%s",
                measured.scenario(), measured.concurrency(), measured.client(), measured.throughput(),
                measured.p50Ms(), measured.p99Ms(), measured.errors(),
                Optional.ofNullable(measured.firstError()).map(e -> " (" + e + ")").orElse("")));
        return measured;
    }
}
