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
 * The performance benchmark of issues 6, 10 and 17: three raw HTTP clients (the references), a camel-http route and
 * the copilot component against one local server in a JVM of its own, on plain HTTP/1.1 and on TLS + HTTP/2, in one
 * run. Writes {@code target/bench/results.json}
 * and {@code target/bench/results.md} and prints the tables. {@code mvn -B -Pbench verify} runs the full benchmark;
 * {@code mvn -B verify} a smoke run.
 */
public final class Benchmark {

    static final String COMMAND = "mvn -B -Pbench verify";

    private static final List<Operation> CALL_OPERATIONS = List.of(Operation.CREATE, Operation.CHAT, Operation.STREAM);
    private static final int MAX_WARM_UP_PASSES = 4;
    private static final int QUIET_JIT_PERCENT = 2;

    /**
     * Streams of one shape: how many at once, the events each sends and the server's pause between two.
     */
    record StreamBurst(int streams, int events, long delayMillis) {

        /** How long the server holds a stream open. */
        long holdMillis() {
            return delayMillis * (events - 1);
        }
    }

    /** A burst of chat calls at once on a warm TLS + HTTP/2 connection, the server answering each after a delay. */
    record WarmBurst(int calls, long answerDelayMillis) {
    }

    /**
     * How long and how hard to run.
     *
     * @param rounds     turns each client takes per scenario and concurrency, each a warm-up and a window
     * @param operations the closed-loop scenarios
     * @param fronts     the server fronts of the closed-loop and first-update scenarios
     * @param firstUpdateConcurrencies in-flight counts of the first-update scenario (empty skips it)
     * @param firstUpdateShape the streams of the first-update scenario (their count unused)
     * @param relayedStreams the held-open run in final mode with updateUri, plain front; null skips it
     * @param iteratorStreams the held-open run in the iterator mode, plain front; null skips it
     * @param warmBurst      the warm burst of chat calls, TLS + HTTP/2 front; null skips it
     * @param h2RelayedStreams the held-open run in final mode with updateUri, TLS + HTTP/2 front; null skips it
     * @param h2MaxStreams   the TLS front's stream limit per connection
     * @param idleThreadWaitMillis the longest wait before a held-open run for earlier runs' idle threads to end
     * @param watchingRounds rounds of the cost-of-watching scenario (chat at {@value #WATCHING_CONCURRENCY} in flight,
     *                       plain front: the component with meters, and with meters and tracing, against neither);
     *                       0 skips it
     */
    record Settings(String mode, int rounds, long warmupMillis, long windowMillis, List<Operation> operations,
                    List<Integer> concurrencies, List<BenchServer.Front> fronts, List<Integer> firstUpdateConcurrencies,
                    StreamBurst firstUpdateShape, StreamBurst relayedStreams, StreamBurst iteratorStreams,
                    WarmBurst warmBurst, StreamBurst h2RelayedStreams, int h2MaxStreams, long idleThreadWaitMillis,
                    long initialWarmupMillis, boolean measureStartup, int watchingRounds) {

        static final int WATCHING_CONCURRENCY = 16;

        private static final List<BenchServer.Front> BOTH_FRONTS = List.of(BenchServer.Front.values());

        static Settings full() {
            int relayed = Integer.getInteger("bench.heldOpenStreams", 10_000);
            return new Settings("full", 4, 500, 1_000, CALL_OPERATIONS, List.of(1, 16, 256), BOTH_FRONTS,
                    List.of(1, 16), new StreamBurst(0, 10, 5), new StreamBurst(relayed, 10, 2_000),
                    new StreamBurst(1_000, 50, 100), new WarmBurst(1_000, 2_000), new StreamBurst(relayed, 10, 2_000),
                    configuredH2MaxStreams(), 65_000, 1_500, true, 6);
        }

        /** Only the held-open runs and the warm burst of the full benchmark. */
        static Settings streams() {
            Settings full = full();
            return new Settings("streams", 0, 0, 0, List.of(), List.of(), List.of(), List.of(), null,
                    full.relayedStreams(), full.iteratorStreams(), full.warmBurst(), full.h2RelayedStreams(),
                    full.h2MaxStreams(), full.idleThreadWaitMillis(), 0, false, 0);
        }

        /** The full benchmark on one front only (no app start-up). */
        static Settings onFront(BenchServer.Front front) {
            Settings full = full();
            boolean tls = front.isTls();
            return new Settings(tls ? "tls" : "plain", full.rounds(), full.warmupMillis(), full.windowMillis(),
                    full.operations(), full.concurrencies(), List.of(front), full.firstUpdateConcurrencies(),
                    full.firstUpdateShape(), tls ? null : full.relayedStreams(), tls ? null : full.iteratorStreams(),
                    tls ? full.warmBurst() : null, tls ? full.h2RelayedStreams() : null, full.h2MaxStreams(),
                    full.idleThreadWaitMillis(), full.initialWarmupMillis(), false, 0);
        }

        /** Only the app's start-up (the packaged jar, at the repository root). */
        static Settings startup() {
            return new Settings("startup", 0, 0, 0, List.of(), List.of(), List.of(), List.of(), null, null, null,
                    null, null, configuredH2MaxStreams(), 0, 0, true, 0);
        }

        /** Only the cost of watching (meters, tracing), with the full benchmark's windows and more rounds. */
        static Settings observe() {
            Settings full = full();
            return new Settings("observe", 0, full.warmupMillis(), full.windowMillis(), List.of(), List.of(),
                    List.of(), List.of(), null, null, null, null, null, configuredH2MaxStreams(), 0, 0, false,
                    Integer.getInteger("bench.watchingRounds", 10));
        }

        /**
         * Every code path for a few seconds on both fronts, at most 150 streams held open (past one connection's
         * stream limit); no figure means anything.
         */
        static Settings smoke() {
            return new Settings("smoke", 1, 50, 150, CALL_OPERATIONS, List.of(4), BOTH_FRONTS, List.of(4),
                    new StreamBurst(0, 10, 5), new StreamBurst(50, 10, 20), new StreamBurst(20, 10, 20),
                    new WarmBurst(150, 300), new StreamBurst(150, 10, 20), configuredH2MaxStreams(), 0, 0, false, 1);
        }

        /**
         * The settings a mode names: {@code full}, {@code streams}, {@code plain}, {@code tls}, {@code startup},
         * {@code observe} or {@code smoke}.
         */
        static Settings of(String mode) {
            return switch (mode) {
                case "full" -> full();
                case "streams" -> streams();
                case "plain" -> onFront(BenchServer.Front.PLAIN_HTTP1);
                case "tls" -> onFront(BenchServer.Front.TLS_H2);
                case "startup" -> startup();
                case "observe" -> observe();
                case "smoke" -> smoke();
                default -> throw new IllegalArgumentException("No benchmark mode " + mode);
            };
        }

        /** One scenario at one concurrency on one front, measured for longer: for a profiler. */
        static Settings focus(Operation operation, int concurrency, BenchServer.Front front) {
            return new Settings("focus", 5, 1_000, 3_000, List.of(operation), List.of(concurrency), List.of(front),
                    List.of(), null, null, null, null, null, configuredH2MaxStreams(), 0, 1_500, false, 0);
        }

        /** The TLS front's stream limit: {@value BenchServer#H2_MAX_STREAMS} unless {@code -Dbench.h2.maxStreams}. */
        private static int configuredH2MaxStreams() {
            return Integer.getInteger("bench.h2.maxStreams", BenchServer.H2_MAX_STREAMS);
        }
    }

    /** One front's clients: the raw ones (the references), camel-http (plain front only) and the component. */
    private static final class FrontClients implements AutoCloseable {

        final RawHttpClientBench jdk;
        final List<RawVertxBench> vertx = new ArrayList<>();
        final RawApacheAsyncBench apache;
        final RawApacheAsyncBench apacheHandedOff;
        final RawVertxBench vertxHandedOff;
        final CamelHttpRouteBench camelHttp;
        final CopilotComponentBench component;

        FrontClients(BenchServer.Endpoint endpoint, int h2MaxStreams) throws Exception {
            jdk = new RawHttpClientBench(endpoint);
            if (endpoint.isTls()) {
                for (int poolSize : RawVertxBench.H2_POOL_SIZES) {
                    vertx.add(new RawVertxBench(endpoint, poolSize, h2MaxStreams));
                }
            } else {
                vertx.add(new RawVertxBench(endpoint));
            }
            apache = new RawApacheAsyncBench(endpoint);
            apacheHandedOff = new RawApacheAsyncBench(endpoint, true);
            int largestH2Pool = RawVertxBench.H2_POOL_SIZES.get(RawVertxBench.H2_POOL_SIZES.size() - 1);
            vertxHandedOff = endpoint.isTls() ? new RawVertxBench(endpoint, largestH2Pool, h2MaxStreams, true)
                    : new RawVertxBench(endpoint, true);
            camelHttp = endpoint.isTls() ? null : new CamelHttpRouteBench(endpoint);
            component = new CopilotComponentBench(endpoint);
        }

        List<BenchClient> all() {
            List<BenchClient> all = new ArrayList<>(List.of(jdk));
            all.addAll(vertx);
            all.add(apache);
            all.add(apacheHandedOff);
            all.add(vertxHandedOff);
            if (camelHttp != null) {
                all.add(camelHttp);
            }
            all.add(component);
            return all;
        }

        /** Their event loops and reactors would count as threads of the held-open runs, which they take no part in. */
        void closeEventLoops() throws Exception {
            for (RawVertxBench client : vertx) {
                client.close();
            }
            apache.close();
            apacheHandedOff.close();
            vertxHandedOff.close();
        }

        @Override
        public void close() throws Exception {
            for (BenchClient client : all()) {
                client.close();
            }
        }
    }

    private Benchmark() {
    }

    /**
     * Arguments: none (full), a mode ({@code streams}, {@code plain}, {@code tls}, {@code smoke}, ...), or
     * {@code focus CREATE|CHAT|STREAM|FIRST_UPDATE <concurrency> [PLAIN_HTTP1|TLS_H2]}.
     */
    public static void main(String[] args) throws Exception {
        Settings settings = args.length == 0 ? Settings.full()
                : args[0].equals("focus") ? Settings.focus(Operation.valueOf(args[1]), Integer.parseInt(args[2]),
                        args.length > 3 ? BenchServer.Front.valueOf(args[3]) : BenchServer.Front.PLAIN_HTTP1)
                : Settings.of(args[0]);
        run(settings, Path.of("."));
    }

    /** Runs the benchmark; returns the path of results.json. */
    static Path run(Settings settings, Path projectDir) throws Exception {
        List<Measurement> results = new ArrayList<>();
        Map<String, Object> startup;
        Integer readerPoolSize;
        Map<String, Object> componentOptions;
        BenchTls tls = BenchTls.at(projectDir.resolve("target/bench/tls/bench-localhost.p12"));
        try (BenchServer.Process server = BenchServer.Process.start(tls, settings.h2MaxStreams());
             FrontClients plain = new FrontClients(server.endpoint(BenchServer.Front.PLAIN_HTTP1),
                     settings.h2MaxStreams());
             FrontClients h2 = new FrontClients(server.endpoint(BenchServer.Front.TLS_H2), settings.h2MaxStreams())) {
            readerPoolSize = plain.component.readerPoolSize;
            componentOptions = plain.component.optionsSet;
            LoadDriver driver = new LoadDriver(server);
            for (BenchServer.Front front : settings.fronts()) {
                List<BenchClient> clients = front.isTls() ? h2.all() : plain.all();
                progress("front: " + front.label);
                measureClosedLoops(server, driver, clients, settings, results);
            }
            if (settings.watchingRounds() > 0) {
                measureWatching(driver, plain.component, server.endpoint(BenchServer.Front.PLAIN_HTTP1), settings,
                        results);
            }
            if (settings.warmBurst() != null) {
                WarmBurst burst = settings.warmBurst();
                progress("warm burst on " + BenchServer.Front.TLS_H2.label + ": " + burst.calls() + " chat calls");
                server.chatDelay(burst.answerDelayMillis());
                for (BenchClient client : h2.all()) {
                    if (client == h2.apacheHandedOff || client == h2.vertxHandedOff) {
                        continue; // a diagnostic of the closed loops only
                    }
                    results.add(progress(driver.warmBurst(client, burst.calls(), burst.answerDelayMillis())));
                }
                server.chatDelay(0);
            }
            plain.closeEventLoops();
            h2.closeEventLoops();
            if (settings.relayedStreams() != null) {
                results.add(progress(driver.burst(plain.component, Operation.STREAM_UPDATES,
                        settings.relayedStreams(), settings.idleThreadWaitMillis(), plain.component.updatesReceived)));
                results.add(progress(driver.burst(plain.jdk, Operation.STREAM_UPDATES, settings.relayedStreams(),
                        settings.idleThreadWaitMillis(), null)));
            }
            if (settings.iteratorStreams() != null) {
                results.add(progress(driver.burst(plain.component, Operation.STREAM_DELTAS,
                        settings.iteratorStreams(), settings.idleThreadWaitMillis(), plain.component.updatesReceived)));
            }
            if (settings.h2RelayedStreams() != null) {
                results.add(progress(driver.burst(h2.component, Operation.STREAM_UPDATES,
                        settings.h2RelayedStreams(), settings.idleThreadWaitMillis(), h2.component.updatesReceived)));
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
        return write(settings, readerPoolSize, componentOptions, results, startup, projectDir.resolve("target/bench"));
    }

    /** One front's closed-loop scenarios, then its first-update scenario, every client of the front taking turns. */
    private static void measureClosedLoops(BenchServer.Process server, LoadDriver driver, List<BenchClient> clients,
                                           Settings settings, List<Measurement> results) throws InterruptedException {
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
            server.streamShape(settings.firstUpdateShape().events(), settings.firstUpdateShape().delayMillis(), false);
            for (int concurrency : settings.firstUpdateConcurrencies()) {
                rotation.measure(Operation.FIRST_UPDATE, concurrency);
            }
            server.defaultStreamShape();
        }
    }

    /**
     * The cost of watching: chat at {@value Settings#WATCHING_CONCURRENCY} in flight on the plain front, the component
     * alone against the same with meters (a Prometheus registry, as the app has) and with meters and tracing (Camel's
     * OpenTelemetry tracing, spans batched to an exporter that drops them), the three taking turns.
     */
    private static void measureWatching(LoadDriver driver, CopilotComponentBench unwatched,
                                        BenchServer.Endpoint endpoint, Settings settings, List<Measurement> results)
            throws Exception {
        try (CopilotComponentBench metered = new CopilotComponentBench(endpoint,
                CopilotComponentBench.Watching.METERS);
             CopilotComponentBench traced = new CopilotComponentBench(endpoint,
                     CopilotComponentBench.Watching.METERS_AND_TRACING)) {
            List<BenchClient> clients = List.of(unwatched, metered, traced);
            progress("cost of watching: " + Operation.CHAT.label + " @" + Settings.WATCHING_CONCURRENCY);
            for (BenchClient client : clients) {
                driver.closedLoop(client, Operation.CHAT, Settings.WATCHING_CONCURRENCY, settings.warmupMillis(),
                        settings.windowMillis()); // warm-up, not kept
            }
            Settings rounds = new Settings(settings.mode(), settings.watchingRounds(), settings.warmupMillis(),
                    settings.windowMillis(), List.of(), List.of(), List.of(), List.of(), null, null, null, null, null,
                    settings.h2MaxStreams(), 0, 0, false, settings.watchingRounds());
            new Rotation(driver, clients, rounds, results).measure(Operation.CHAT, LoadDriver.WATCHING,
                    Settings.WATCHING_CONCURRENCY);
        }
    }

    /**
     * Every client runs the operation in turn, pass after pass, until the JIT compiler threads use under
     * {@value #QUIET_JIT_PERCENT} % of a pass's time (at most {@value #MAX_WARM_UP_PASSES} passes): the clients share a
     * JVM and its compiler threads, so code still being compiled when the windows start is paid in whichever client's
     * window the compiler happens to run.
     */
    private static void warmUp(LoadDriver driver, List<BenchClient> clients, Operation operation, Settings settings)
            throws InterruptedException {
        for (int pass = 1; pass <= MAX_WARM_UP_PASSES; pass++) {
            long jitBefore = ResourceProbe.jitCpuNanos();
            long started = System.nanoTime();
            for (BenchClient client : clients) {
                if (client.supports(operation)) {
                    driver.closedLoop(client, operation, 16, settings.initialWarmupMillis(), 100);
                }
            }
            long passNanos = System.nanoTime() - started;
            if (jitBefore < 0) {
                return; // cannot tell: one pass, as on any machine without /proc
            }
            long jit = ResourceProbe.jitCpuNanos() - jitBefore;
            progress("warm-up pass " + pass + ", " + operation.label + ": JIT compiler threads " + jit / 1_000_000
                     + " ms of CPU in " + passNanos / 1_000_000 + " ms");
            if (jit * 100 < passNanos * QUIET_JIT_PERCENT) {
                return;
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
            measure(operation, operation.label, concurrency);
        }

        /** As {@link #measure(Operation, int)}, the results under another scenario's name. */
        void measure(Operation operation, String scenario, int concurrency) throws InterruptedException {
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
                results.add(progress(LoadDriver.measurement(scenario, client, concurrency, windows.get(client))));
            }
            block++;
        }
    }

    private static Path write(Settings settings, Integer readerPoolSize, Map<String, Object> componentOptions,
                              List<Measurement> results, Map<String, Object> startup, Path dir) throws IOException {
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
        json.put("componentOptionsSet", componentOptions);
        json.put("allocationMethod", "ThreadMXBean.getThreadAllocatedBytes summed over the client JVM's threads,"
                                     + " window end minus start, divided by the calls completed in the window");
        json.put("results", results);
        json.put("references", references);
        json.put("ratiosToFastestRaw", ratios);
        json.put("targets", targets);
        json.put("appStartup", startup);
        Path file = dir.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        String markdown = Report.markdown(results, references, ratios, targets, startup, machine(), settings);
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
        progress(String.format(Locale.ROOT, "%-14s %-30s %5d  %-30s %9.1f/s  p50 %8.3f ms  p99 %8.3f ms"
                                            + "  CPU %6.1f µs/call  JIT CPU %d ms  errors %d  connections %s%s",
                measured.front(), measured.scenario(), measured.concurrency(), measured.client(),
                measured.throughput(), measured.p50Ms(), measured.p99Ms(), measured.clientCpuUsPerCall(),
                measured.jitCpuMillis(), measured.errors(), measured.connections(),
                Optional.ofNullable(measured.firstError()).map(e -> " (" + e + ")").orElse("")));
        return measured;
    }
}
