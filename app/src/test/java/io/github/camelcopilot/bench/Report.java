package io.github.camelcopilot.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.camelcopilot.bench.BenchClient.Operation;

/**
 * The reference per scenario (the fastest raw client), ratios to it, the issue's targets, and the Markdown tables,
 * from one run's measurements.
 */
final class Report {

    static final List<String> RAW_CLIENTS = List.of(RawHttpClientBench.NAME, RawVertxBench.NAME,
            RawVertxBench.h2Name(RawVertxBench.H2_POOL_SIZES.get(0)),
            RawVertxBench.h2Name(RawVertxBench.H2_POOL_SIZES.get(1)), RawApacheAsyncBench.NAME);
    static final String CAMEL_HTTP = CamelHttpRouteBench.NAME;
    static final String COMPONENT = CopilotComponentBench.NAME;

    private static final List<Operation> CALLS = List.of(Operation.CREATE, Operation.CHAT, Operation.STREAM);
    private static final List<Integer> TARGET_CONCURRENCIES = List.of(1, 16, 256);
    private static final String TLS = BenchServer.Front.TLS_H2.label;
    private static final String PLAIN = BenchServer.Front.PLAIN_HTTP1.label;

    private Report() {
    }

    private static Optional<Measurement> find(List<Measurement> results, String front, String scenario,
                                              int concurrency, String client) {
        return results.stream().filter(m -> m.front().equals(front) && m.scenario().equals(scenario)
                                            && m.concurrency() == concurrency && m.client().equals(client)).findFirst();
    }

    private static boolean isClosedLoop(Measurement m) {
        return m.heldOpen() == null && !isWarmBurst(m);
    }

    private static boolean isWarmBurst(Measurement m) {
        return m.scenario().equals(LoadDriver.WARM_BURST);
    }

    private static boolean isFirstUpdate(String scenario) {
        return scenario.equals(Operation.FIRST_UPDATE.label);
    }

    /**
     * The fastest raw client of a closed-loop scenario, front and concurrency, among those without errors: the most
     * calls/s, or for the first-update scenario (whose latency is the figure) the lowest p99.
     */
    static Optional<Measurement> reference(List<Measurement> results, String front, String scenario, int concurrency) {
        Comparator<Measurement> faster = isFirstUpdate(scenario)
                ? Comparator.comparingDouble(Measurement::p99Ms).reversed()
                : Comparator.comparingDouble(Measurement::throughput);
        return RAW_CLIENTS.stream().map(raw -> find(results, front, scenario, concurrency, raw))
                .flatMap(Optional::stream)
                .filter(m -> isClosedLoop(m) && m.errors() == 0 && m.calls() > 0).max(faster);
    }

    private static Optional<Measurement> reference(List<Measurement> results, Measurement m) {
        return reference(results, m.front(), m.scenario(), m.concurrency());
    }

    /** The closed-loop measurements, both fronts of a scenario and concurrency next to each other. */
    private static List<Measurement> closedLoopsSideBySide(List<Measurement> results) {
        List<String> scenarios = results.stream().map(Measurement::scenario).distinct().toList();
        List<String> fronts = results.stream().map(Measurement::front).distinct().toList();
        return results.stream().filter(Report::isClosedLoop)
                .sorted(Comparator.<Measurement>comparingInt(m -> scenarios.indexOf(m.scenario()))
                        .thenComparingInt(Measurement::concurrency)
                        .thenComparingInt(m -> fronts.indexOf(m.front())))
                .toList();
    }

    /**
     * Each closed-loop scenario, front and concurrency: every raw client's figures (calls/s, client CPU per call,
     * p99: what the choice of transport rests on) and which was the reference.
     */
    static List<Map<String, Object>> references(List<Measurement> results) {
        List<Map<String, Object>> references = new ArrayList<>();
        for (Measurement m : closedLoopsSideBySide(results)) {
            if (!m.client().equals(RawHttpClientBench.NAME)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("front", m.front());
            row.put("scenario", m.scenario());
            row.put("concurrency", m.concurrency());
            row.put("reference", reference(results, m).map(Measurement::client)
                    .orElse("none (every raw client failed)"));
            for (String raw : RAW_CLIENTS) {
                find(results, m.front(), m.scenario(), m.concurrency(), raw).ifPresent(r -> row.put(raw,
                        Map.of("throughput", r.throughput(), "clientCpuUsPerCall", r.clientCpuUsPerCall(),
                                "p99Ms", r.p99Ms(), "errors", r.errors())));
            }
            references.add(row);
        }
        return references;
    }

    /** For each closed-loop scenario, front and concurrency: each Camel client's figures divided by the reference's. */
    static List<Map<String, Object>> ratios(List<Measurement> results) {
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (Measurement o : closedLoopsSideBySide(results)) {
            if (!o.client().equals(COMPONENT) && !o.client().equals(CAMEL_HTTP)) {
                continue;
            }
            reference(results, o).ifPresent(r -> {
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("front", o.front());
                ratio.put("scenario", o.scenario());
                ratio.put("concurrency", o.concurrency());
                ratio.put("client", o.client());
                ratio.put("reference", r.client());
                ratio.put("throughput", ratio(o.throughput(), r.throughput()));
                ratio.put("p50", ratio(o.p50Ms(), r.p50Ms()));
                ratio.put("p99", ratio(o.p99Ms(), r.p99Ms()));
                ratio.put("p99AddedMs", LoadDriver.round(o.p99Ms() - r.p99Ms(), 3));
                ratio.put("allocatedPerCall", ratio(o.allocatedKbPerCall(), r.allocatedKbPerCall()));
                ratio.put("peakThreads", ratio(o.peakThreads(), r.peakThreads()));
                ratio.put("peakHeap", ratio(o.peakHeapMb(), r.peakHeapMb()));
                ratio.put("clientCpuPerCall", ratio(o.clientCpuUsPerCall(), r.clientCpuUsPerCall()));
                ratios.add(ratio);
            });
        }
        return ratios;
    }

    private static double ratio(double value, double base) {
        return base == 0 ? Double.NaN : LoadDriver.round(value / base, 3);
    }

    /** Issue 17's targets, each with the measured value and whether it is met (null: reported, no target). */
    static List<Map<String, Object>> targets(List<Measurement> results, Benchmark.Settings settings,
                                             Integer readerPoolSize) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (BenchServer.Front front : settings.fronts()) {
            closedLoopTargets(results, front.label, targets);
            for (int concurrency : settings.firstUpdateConcurrencies()) {
                Optional<Measurement> raw = reference(results, front.label, Operation.FIRST_UPDATE.label, concurrency);
                Optional<Measurement> component = find(results, front.label, Operation.FIRST_UPDATE.label, concurrency,
                        COMPONENT);
                if (raw.isPresent() && component.isPresent()) {
                    double added = LoadDriver.round(component.get().p99Ms() - raw.get().p99Ms(), 3);
                    targets.add(target(front.label + ", first relayed update @" + concurrency + ": p99 added over"
                                       + " the raw first event (" + raw.get().client() + ") < 1 ms", added,
                            added < 1 && component.get().errors() == 0));
                }
            }
        }
        Benchmark.WarmBurst warmBurst = settings.warmBurst();
        if (warmBurst != null) {
            for (Measurement m : results) {
                if (isWarmBurst(m)) {
                    String name = TLS + ", warm burst of " + warmBurst.calls() + " chat calls, " + m.client()
                                  + (m.client().equals(COMPONENT) ? ": all complete" : " (reported)");
                    targets.add(target(name, m.calls() + " of " + warmBurst.calls() + " (" + m.errors()
                                              + " failed); connections " + m.connections(),
                            m.client().equals(COMPONENT) ? m.calls() == warmBurst.calls() && m.errors() == 0 : null));
                }
            }
        }
        watchingTargets(results, targets);
        relayedTargets(results, PLAIN, settings.relayedStreams(), targets);
        relayedTargets(results, TLS, settings.h2RelayedStreams(), targets);
        Benchmark.StreamBurst iterator = settings.iteratorStreams();
        if (iterator != null) {
            find(results, PLAIN, Operation.STREAM_DELTAS.label, iterator.streams(), COMPONENT).ifPresent(m -> {
                String name = PLAIN + ", " + iterator.streams() + " streams (iterator + split): ";
                int pool = readerPoolSize == null ? CopilotComponentBench.READER_POOL_SIZE : readerPoolSize;
                String poolNote = readerPoolSize == null ? " (no " + CopilotComponentBench.READER_POOL_OPTION
                                                           + " option: the component's own pool)" : "";
                targets.add(allComplete(name, m, iterator));
                targets.add(target(name + "live threads above idle baseline <= reader pool " + pool + " + 16"
                                   + poolNote, threads(m), m.heldOpen().threadsAboveBaseline() <= pool + 16));
            });
        }
        return targets;
    }

    /**
     * Per operation and concurrency: the component's calls/s at least 0.95 of the reference's, its client CPU per call
     * at most 1.25 times the reference's, and at 16 in flight its p99 under 1 ms above the reference's.
     */
    private static void closedLoopTargets(List<Measurement> results, String front, List<Map<String, Object>> targets) {
        for (Operation operation : CALLS) {
            for (int concurrency : TARGET_CONCURRENCIES) {
                Optional<Measurement> raw = reference(results, front, operation.label, concurrency);
                Optional<Measurement> component = find(results, front, operation.label, concurrency, COMPONENT);
                if (raw.isEmpty() || component.isEmpty()) {
                    continue;
                }
                Measurement c = component.get();
                Measurement r = raw.get();
                String at = front + ", " + operation.label + " @" + concurrency + ": component ";
                double toRaw = ratio(c.throughput(), r.throughput());
                targets.add(target(at + "calls/s >= 0.95 x fastest raw (" + r.client() + ")", toRaw,
                        toRaw >= 0.95 && c.errors() == 0));
                double cpu = ratio(c.clientCpuUsPerCall(), r.clientCpuUsPerCall());
                targets.add(target(at + "client CPU per call <= 1.25 x fastest raw's", cpu, cpu <= 1.25));
                if (concurrency == 16) {
                    double added = LoadDriver.round(c.p99Ms() - r.p99Ms(), 3);
                    targets.add(target(at + "p99 added over fastest raw < 1 ms", added, added < 1));
                }
            }
        }
    }

    /**
     * The cost of watching: the component's client CPU per chat call with meters on at most 5 % above the same without
     * (the target); with meters and tracing, and the calls/s of both, reported.
     */
    private static void watchingTargets(List<Measurement> results, List<Map<String, Object>> targets) {
        int concurrency = Benchmark.Settings.WATCHING_CONCURRENCY;
        Optional<Measurement> unwatched = find(results, PLAIN, LoadDriver.WATCHING, concurrency, COMPONENT);
        if (unwatched.isEmpty()) {
            return;
        }
        Measurement off = unwatched.get();
        String at = PLAIN + ", " + LoadDriver.WATCHING + " @" + concurrency + ": ";
        for (CopilotComponentBench.Watching watching : List.of(CopilotComponentBench.Watching.METERS,
                CopilotComponentBench.Watching.METERS_AND_TRACING)) {
            find(results, PLAIN, LoadDriver.WATCHING, concurrency, COMPONENT + watching.suffix).ifPresent(on -> {
                double cpuAdded = LoadDriver.round(ratio(on.clientCpuUsPerCall(), off.clientCpuUsPerCall()) - 1, 3);
                boolean meters = watching == CopilotComponentBench.Watching.METERS;
                targets.add(target(at + "client CPU per call added" + watching.suffix
                                   + (meters ? " < 5 %" : " (reported)"), cpuAdded,
                        meters ? cpuAdded < 0.05 && on.errors() == 0 : null));
                targets.add(target(at + "calls/s" + watching.suffix + " / without (reported)",
                        ratio(on.throughput(), off.throughput()), null));
            });
        }
    }

    /** Streams in final mode with an updateUri: all complete with every update, 32 threads, 512 MB. */
    private static void relayedTargets(List<Measurement> results, String front, Benchmark.StreamBurst relayed,
                                       List<Map<String, Object>> targets) {
        if (relayed == null) {
            return;
        }
        find(results, front, Operation.STREAM_UPDATES.label, relayed.streams(), COMPONENT).ifPresent(m -> {
            String name = front + ", " + relayed.streams() + " streams (final + updateUri): ";
            targets.add(allComplete(name, m, relayed));
            targets.add(target(name + "live threads above idle baseline <= 32", threads(m),
                    m.heldOpen().threadsAboveBaseline() <= 32));
            targets.add(target(name + "live heap with all open, after GC < 512 MB", m.heldOpen().liveHeapMb(),
                    m.heldOpen().liveHeapMb() < 512));
            targets.add(target(name + "KB per open stream (reported)", m.heldOpen().kbPerOpenStream(), null));
            targets.add(target(name + "connections used (reported)", m.connections().toString(), null));
        });
    }

    private static Map<String, Object> allComplete(String name, Measurement m, Benchmark.StreamBurst burst) {
        long expected = (long) burst.streams() * burst.events();
        return target(name + "all complete, every update received",
                m.calls() + " of " + burst.streams() + " streams (" + m.errors() + " failed, " + unfinished(m)
                + " unfinished), " + m.heldOpen().updates() + " of " + expected + " updates",
                m.calls() == burst.streams() && m.errors() == 0
                              && Long.valueOf(expected).equals(m.heldOpen().updates()));
    }

    /** Calls or streams of a burst that neither answered nor failed by the driver's deadline. */
    private static long unfinished(Measurement m) {
        return m.concurrency() - m.calls() - m.errors();
    }

    private static String threads(Measurement m) {
        return m.heldOpen().threadsAboveBaseline() + " (" + m.heldOpen().liveThreads() + " live, "
               + m.heldOpen().threadsAtStart() + " before; peak " + m.peakThreads() + ")";
    }

    private static Map<String, Object> target(String name, Object measured, Boolean met) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", name);
        target.put("measured", measured);
        target.put("met", met);
        return target;
    }

    static String markdown(List<Measurement> results, List<Map<String, Object>> references,
                           List<Map<String, Object>> ratios, List<Map<String, Object>> targets,
                           Map<String, Object> startup, Map<String, Object> machine, Benchmark.Settings settings) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s cores, %s MB RAM, %s, %s; client JVM %s%n%n",
                machine.get("cores"), machine.get("memoryMb"), machine.get("jdk"), machine.get("os"),
                machine.get("clientJvmArgs")));
        md.append("Fronts: ").append(PLAIN).append(" (JDK HttpServer) and ").append(TLS).append(" (Vert.x HTTP"
                  + " server, ALPN, at most ").append(settings.h2MaxStreams()).append(" streams per connection)."
                  + " \"vs ref\" divides by the reference: the fastest raw client of that front, scenario and in-flight"
                  + " count (the most calls/s; for the first update, the lowest p99). In the first-update scenario p50"
                  + " and p99 are the time from the request to the stream's first update. Connections: those that"
                  + " carried requests in the window (on TLS, and how many were opened in it), and the most requests"
                  + " one of them had in flight at once. JIT CPU ms: the CPU time of the JVM's JIT compiler threads"
                  + " during the client's windows, which its client CPU includes (near 0 once every client is"
                  + " warm).\n\n");
        md.append("| Scenario | In flight | Front | Client | Calls/s | vs ref | p50 ms | p99 ms | KB alloc/call"
                  + " | Peak threads | Peak heap MB | Client CPU µs/call | JIT CPU ms | Server CPU µs/call"
                  + " | Server CPU share | Connections |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measurement m : closedLoopsSideBySide(results)) {
            Optional<Measurement> reference = reference(results, m);
            // "-" where the scenario has no raw reference (the cost of watching compares the component with itself)
            String vsRef = reference.map(raw -> String.format(Locale.ROOT, "%.2f",
                    ratio(m.throughput(), raw.throughput()))).orElse("-");
            boolean isReference = reference.map(raw -> raw.client().equals(m.client())).orElse(false);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.0f | %s | %.3f | %.3f | %.1f | %d | %.0f |"
                                                 + " %.0f | %d | %.0f | %.0f%% | %s |%n",
                    m.scenario(), m.concurrency(), m.front(), m.client() + (isReference ? " (ref)" : "") + errors(m),
                    m.throughput(), vsRef, m.p50Ms(), m.p99Ms(), m.allocatedKbPerCall(), m.peakThreads(),
                    m.peakHeapMb(), m.clientCpuUsPerCall(), m.jitCpuMillis(), m.serverCpuUsPerCall(),
                    m.serverCpuShare() * 100,
                    m.connections()));
        }
        md.append("\nThe raw clients, for the choice of transport: calls/s, client CPU µs per call (p99 ms).\n\n")
                .append("| Scenario | In flight | Front | Reference | ")
                .append(String.join(" | ", RAW_CLIENTS))
                .append(" |\n|---|---:|---|---|").append("---:|".repeat(RAW_CLIENTS.size())).append('\n');
        for (Map<String, Object> row : references) {
            md.append("| ").append(row.get("scenario")).append(" | ").append(row.get("concurrency")).append(" | ")
                    .append(row.get("front")).append(" | ").append(row.get("reference")).append(" |");
            for (String raw : RAW_CLIENTS) {
                Object figures = row.get(raw);
                md.append(' ').append(figures instanceof Map<?, ?> f ? String.format(Locale.ROOT,
                        "%.0f, %.0f µs (%.3f)%s", (Double) f.get("throughput"), (Double) f.get("clientCpuUsPerCall"),
                        (Double) f.get("p99Ms"), ((Long) f.get("errors")) == 0 ? "" : " " + f.get("errors")
                                                                                   + " errors") : "-").append(" |");
            }
            md.append('\n');
        }
        if (results.stream().anyMatch(Report::isWarmBurst)) {
            md.append("\n| Warm burst (").append(TLS).append(") | Calls | Client | Completed | Failed | Unfinished"
                      + " | Wall s | p50 s | p99 s | Connections | First error |\n");
            md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (Measurement m : results) {
                if (isWarmBurst(m)) {
                    md.append(String.format(Locale.ROOT,
                            "| %s | %d | %s | %d | %d | %d | %.1f | %.2f | %.2f | %s | %s |%n",
                            m.scenario(), m.concurrency(), m.client(), m.calls(), m.errors(), unfinished(m),
                            m.seconds(), m.p50Ms() / 1000, m.p99Ms() / 1000, m.connections(),
                            m.firstError() == null ? "" : m.firstError()));
                }
            }
        }
        md.append("\n| Streams held open | Front | Streams | Client | Completed | Failed | Unfinished | Wall s | p50 s"
                  + " | p99 s | Threads before | Live threads (all open) | Above baseline | Peak threads | Open at sample"
                  + " | Live heap MB before / all open (after GC) | KB per open stream | Peak heap MB"
                  + " | Client CPU µs/event | Updates received | Connections |\n");
        md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:"
                  + "|---|\n");
        for (Measurement m : results) {
            if (m.heldOpen() == null) {
                continue;
            }
            Measurement.HeldOpen h = m.heldOpen();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %d | %.1f | %.2f | %.2f | %d | %d"
                                                 + " | %d"
                                                 + " | %d | %d | %.0f / %.0f | %.1f | %.0f | %.1f | %s | %s |%n",
                    m.scenario(), m.front(), m.concurrency(), m.client(), m.calls(), m.errors(), unfinished(m),
                    m.seconds(), m.p50Ms() / 1000,
                    m.p99Ms() / 1000, h.threadsAtStart(), h.liveThreads(), h.threadsAboveBaseline(),
                    m.peakThreads(), h.openWhenSampled(), h.liveHeapBeforeMb(), h.liveHeapMb(), h.kbPerOpenStream(),
                    m.peakHeapMb(), m.clientCpuUsPerCall() / h.eventsPerStream(),
                    h.updates() == null ? "(in its own reader)" : h.updates().toString(), m.connections()));
        }
        md.append("\nLive threads with every stream open, by name (# for numbers):\n\n");
        for (Measurement m : results) {
            if (m.heldOpen() != null) {
                md.append("- ").append(m.scenario()).append(", ").append(m.front()).append(", ")
                        .append(m.concurrency()).append(", ").append(m.client()).append(": ")
                        .append(m.heldOpen().liveThreadsByName().entrySet().stream().limit(8)
                                .map(e -> e.getValue() + " " + e.getKey()).toList())
                        .append(m.firstError() == null ? "" : "; first error: " + m.firstError())
                        .append('\n');
            }
        }
        md.append("\n| Scenario | In flight | Front | Client | Reference | Calls/s ÷ ref | p50 ÷ ref | p99 ÷ ref"
                  + " | p99 added ms | Alloc/call ÷ ref | Peak threads ÷ ref | Peak heap ÷ ref | CPU/call ÷ ref |\n");
        md.append("|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : ratios) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("scenario"), r.get("concurrency"), r.get("front"), r.get("client"), r.get("reference"),
                    r.get("throughput"), r.get("p50"), r.get("p99"), r.get("p99AddedMs"), r.get("allocatedPerCall"),
                    r.get("peakThreads"), r.get("peakHeap"), r.get("clientCpuPerCall")));
        }
        md.append("\n| Target | Measured | Met |\n|---|---|---|\n");
        for (Map<String, Object> t : targets) {
            Object met = t.get("met");
            md.append("| ").append(t.get("target")).append(" | ").append(t.get("measured")).append(" | ")
                    .append(met == null ? "-" : Boolean.TRUE.equals(met) ? "met" : "**not met**").append(" |\n");
        }
        md.append("\nApp start-up (JVM start to routes started): ").append(startup).append('\n');
        return md.toString();
    }

    private static String errors(Measurement m) {
        return m.errors() == 0 ? "" : " (" + m.errors() + " errors)";
    }
}
