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
 * The performance benchmark of issues 6 and 10: three raw HTTP clients (the references), a camel-http route and the
 * copilot component against one local server in a JVM of its own, in one run. Writes {@code target/bench/results.json}
 * and {@code target/bench/results.md} and prints the tables. {@code mvn -B -Pbench verify} runs the full benchmark;
 * {@code mvn -B verify} a smoke run.
 */
public final class Benchmark {

    static final String COMMAND = "mvn -B -Pbench verify";

    private static final List<Operation> CALL_OPERATIONS = List.of(Operation.CREATE, Operation.CHAT, Operation.STREAM);

    /**
     * Streams of one shape: how many at once, the events each sends and the server's pause between two.
     */
    record StreamBurst(int streams, int events, long delayMillis) {

        /** How long the server holds a stream open. */
        long holdMillis() {
            return delayMillis * (events - 1);
        }
    }

    /**
     * How long and how hard to run.
     *
     * @param rounds     turns each client takes per scenario and concurrency, each a warm-up and a window
     * @param operations the closed-loop scenarios
     * @param firstUpdateConcurrencies in-flight counts of the first-update scenario (empty skips it)
     * @param firstUpdateShape the streams of the first-update scenario (their count unused)
     * @param relayedStreams the held-open run in final mode with updateUri; null skips it
     * @param iteratorStreams the held-open run in the iterator mode; null skips it
     * @param idleThreadWaitMillis the longest wait before a held-open run for earlier runs' idle threads to end
     */
    record Settings(String mode, int rounds, long warmupMillis, long windowMillis, List<Operation> operations,
                    List<Integer> concurrencies, List<Integer> firstUpdateConcurrencies, StreamBurst firstUpdateShape,
                    StreamBurst relayedStreams, StreamBurst iteratorStreams, long idleThreadWaitMillis,
                    long initialWarmupMillis, boolean measureStartup) {

        static Settings full() {
            return new Settings("full", 4, 500, 1_000, CALL_OPERATIONS, List.of(1, 16, 256), List.of(1, 16),
                    new StreamBurst(0, 10, 5), new StreamBurst(10_000, 10, 2_000), new StreamBurst(1_000, 50, 100),
                    65_000, 1_500, true);
        }

        /** Only the held-open runs of the full benchmark. */
        static Settings streams() {
            Settings full = full();
            return new Settings("streams", 0, 0, 0, List.of(), List.of(), List.of(), null, full.relayedStreams(),
                    full.iteratorStreams(), full.idleThreadWaitMillis(), 0, false);
        }

        /** Only the app's start-up (the packaged jar, at the repository root). */
        static Settings startup() {
            return new Settings("startup", 0, 0, 0, List.of(), List.of(), List.of(), null, null, null, 0, 0, true);
        }

        /** Every code path for a few seconds, 50 streams held open at most; no figure means anything. */
        static Settings smoke() {
            return new Settings("smoke", 1, 100, 200, CALL_OPERATIONS, List.of(4), List.of(4),
                    new StreamBurst(0, 10, 5), new StreamBurst(50, 10, 20), new StreamBurst(20, 10, 20), 0, 0, false);
        }

        /** The settings a mode names: {@code full}, {@code streams}, {@code startup} or {@code smoke}. */
        static Settings of(String mode) {
            return switch (mode) {
                case "full" -> full();
                case "streams" -> streams();
                case "startup" -> startup();
                case "smoke" -> smoke();
                default -> throw new IllegalArgumentException("No benchmark mode " + mode);
            };
        }

        /** One scenario at one concurrency, measured for longer: for a profiler. */
        static Settings focus(Operation operation, int concurrency) {
            return new Settings("focus", 5, 1_000, 3_000, List.of(operation), List.of(concurrency), List.of(),
                    null, null, null, 0, 0, false);
        }
    }

    private Benchmark() {
    }

    /**
     * Arguments: none (full), {@code streams} (the held-open runs only), {@code smoke}, or
     * {@code focus CREATE|CHAT|STREAM|FIRST_UPDATE <concurrency>}.
     */
    public static void main(String[] args) throws Exception {
        Settings settings = args.length == 0 ? Settings.full()
                : args[0].equals("focus") ? Settings.focus(Operation.valueOf(args[1]), Integer.parseInt(args[2]))
                : Settings.of(args[0]);
        run(settings, Path.of("."));
    }

    /** Runs the benchmark; returns the path of results.json. */
    static Path run(Settings settings, Path projectDir) throws Exception {
        List<Measurement> results = new ArrayList<>();
        Map<String, Object> startup;
        Integer readerPoolSize;
        try (BenchServer.Process server = BenchServer.Process.start();
             RawHttpClientBench raw = new RawHttpClientBench(server.baseUrl());
             RawVertxBench vertx = new RawVertxBench(server.baseUrl());
             RawApacheAsyncBench apache = new RawApacheAsyncBench(server.baseUrl());
             CamelHttpRouteBench camelHttp = new CamelHttpRouteBench(server.baseUrl());
             CopilotComponentBench component = new CopilotComponentBench(server.baseUrl())) {
            readerPoolSize = component.readerPoolSize;
            List<BenchClient> clients = List.of(raw, vertx, apache, camelHttp, component);
            LoadDriver driver = new LoadDriver(server);
            if (settings.initialWarmupMillis() > 0) {
                progress("warming up every client and operation");
                for (Operation operation : settings.operations()) {
                    warmUp(driver, clients, operation, settings);
                }
                if (!settings.firstUpdateConcurrencies().isEmpty()) {
                    server.streamShape(settings.firstUpdateShape().events(), settings.firstUpdateShape().delayMillis(),
                            false);
                    warmUp(driver, clients, Operation.FIRST_UPDATE, settings);
                    server.defaultStreamShape();
                }
            }
            Rotation rotation = new Rotation(driver, clients, settings, results);
            for (Operation operation : settings.operations()) {
                for (int concurrency : settings.concurrencies()) {
                    rotation.measure(operation, concurrency);
                }
            }
            if (!settings.firstUpdateConcurrencies().isEmpty()) {
                server.streamShape(settings.firstUpdateShape().events(), settings.firstUpdateShape().delayMillis(),
                        false);
                for (int concurrency : settings.firstUpdateConcurrencies()) {
                    rotation.measure(Operation.FIRST_UPDATE, concurrency);
                }
                server.defaultStreamShape();
            }
            // Their event loops and reactors would count as threads of the held-open runs, which they take no part in.
            vertx.close();
            apache.close();
            if (settings.relayedStreams() != null) {
                results.add(progress(driver.burst(component, Operation.STREAM_UPDATES, settings.relayedStreams(),
                        settings.idleThreadWaitMillis(), component.updatesReceived)));
                results.add(progress(driver.burst(raw, Operation.STREAM_UPDATES, settings.relayedStreams(),
                        settings.idleThreadWaitMillis(), null)));
            }
            if (settings.iteratorStreams() != null) {
                results.add(progress(driver.burst(component, Operation.STREAM_DELTAS, settings.iteratorStreams(),
                        settings.idleThreadWaitMillis(), component.updatesReceived)));
            }
        }
        if (settings.measureStartup()) {
            progress("measuring app start-up");
            // the jar and the routes/ and config/ it reads lie at the repository root, one level above this module
            startup = AppStartup.measure(Path.of(System.getProperty("copilot.root", projectDir.resolve("..").toString()))
                    .toAbsolutePath().normalize(), 3);
        } else {
            startup = Map.of("skipped", "not measured in a " + settings.mode() + " run");
        }
        return write(settings, readerPoolSize, results, startup, projectDir.resolve("target/bench"));
    }

    private static void warmUp(LoadDriver driver, List<BenchClient> clients, Operation operation, Settings settings)
            throws InterruptedException {
        for (BenchClient client : clients) {
            if (client.supports(operation)) {
                driver.closedLoop(client, operation, 16, settings.initialWarmupMillis(), 100);
            }
        }
    }

    /**
     * The closed-loop measurements: the clients take turns in short windows, the order rotating from one block to
     * the next, so that a change in the load of the machine (other processes share these cores) hits all alike.
     */
    private static final class Rotation {

        private final LoadDriver driver;
        private final List<BenchClient> clients;
        private final Settings settings;
        private final List<Measurement> results;
        private int block;

        Rotation(LoadDriver driver, List<BenchClient> clients, Settings settings, List<Measurement> results) {
            this.driver = driver;
            this.clients = clients;
            this.settings = settings;
            this.results = results;
        }

        void measure(Operation operation, int concurrency) throws InterruptedException {
            List<BenchClient> taking = clients.stream().filter(client -> client.supports(operation)).toList();
            Map<BenchClient, LoadDriver.Window> windows = new LinkedHashMap<>();
            for (int round = 0; round < settings.rounds(); round++) {
                for (int i = 0; i < taking.size(); i++) {
                    BenchClient client = taking.get((block + round + i) % taking.size());
                    LoadDriver.Window window = driver.closedLoop(client, operation, concurrency,
                            settings.warmupMillis(), settings.windowMillis());
                    windows.merge(client, window, LoadDriver.Window::plus);
                }
            }
            for (BenchClient client : taking) {
                results.add(progress(LoadDriver.measurement(operation.label, client, concurrency,
                        windows.get(client))));
            }
            block++;
        }
    }

    private static Path write(Settings settings, Integer readerPoolSize, List<Measurement> results,
                              Map<String, Object> startup, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> references = Report.references(results);
        List<Map<String, Object>> ratios = Report.ratios(results);
        List<Map<String, Object>> targets = Report.targets(results, settings, readerPoolSize);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", COMMAND);
        json.put("mode", settings.mode());
        json.put("machine", machine());
        json.put("settings", settings);
        json.put("iteratorReaderPool", readerPoolSize == null
                ? "component default (no option " + CopilotComponentBench.READER_POOL_OPTION + ")"
                : CopilotComponentBench.READER_POOL_OPTION + "=" + readerPoolSize);
        json.put("allocationMethod", "ThreadMXBean.getThreadAllocatedBytes summed over the client JVM's threads,"
                                     + " window end minus start, divided by the calls completed in the window");
        json.put("results", results);
        json.put("references", references);
        json.put("ratiosToFastestRaw", ratios);
        json.put("targets", targets);
        json.put("appStartup", startup);
        Path file = dir.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        String markdown = Report.markdown(results, references, ratios, targets, startup, machine());
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
