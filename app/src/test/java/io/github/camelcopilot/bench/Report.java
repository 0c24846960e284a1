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

    static final List<String> RAW_CLIENTS = List.of(RawHttpClientBench.NAME, RawVertxBench.NAME, RawApacheAsyncBench.NAME);
    static final String CAMEL_HTTP = CamelHttpRouteBench.NAME;
    static final String COMPONENT = CopilotComponentBench.NAME;

    private static final List<Operation> CALLS = List.of(Operation.CREATE, Operation.CHAT, Operation.STREAM);
    private static final List<Integer> TARGET_CONCURRENCIES = List.of(1, 16, 256);

    private Report() {
    }

    private static Optional<Measurement> find(List<Measurement> results, String scenario, int concurrency,
                                              String client) {
        return results.stream().filter(m -> m.scenario().equals(scenario) && m.concurrency() == concurrency
                                            && m.client().equals(client)).findFirst();
    }

    private static boolean isClosedLoop(Measurement m) {
        return m.heldOpen() == null;
    }

    private static boolean isFirstUpdate(String scenario) {
        return scenario.equals(Operation.FIRST_UPDATE.label);
    }

    /**
     * The fastest raw client of a closed-loop scenario and concurrency, among those without errors: the most
     * calls/s, or for the first-update scenario (whose latency is the figure) the lowest p99.
     */
    static Optional<Measurement> reference(List<Measurement> results, String scenario, int concurrency) {
        Comparator<Measurement> faster = isFirstUpdate(scenario)
                ? Comparator.comparingDouble(Measurement::p99Ms).reversed()
                : Comparator.comparingDouble(Measurement::throughput);
        return RAW_CLIENTS.stream().map(raw -> find(results, scenario, concurrency, raw)).flatMap(Optional::stream)
                .filter(m -> isClosedLoop(m) && m.errors() == 0 && m.calls() > 0).max(faster);
    }

    /** Each closed-loop scenario and concurrency: every raw client's figures and which was the reference. */
    static List<Map<String, Object>> references(List<Measurement> results) {
        List<Map<String, Object>> references = new ArrayList<>();
        for (Measurement m : results) {
            if (!isClosedLoop(m) || !m.client().equals(RAW_CLIENTS.get(0))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", m.scenario());
            row.put("concurrency", m.concurrency());
            row.put("reference", reference(results, m.scenario(), m.concurrency()).map(Measurement::client)
                    .orElse("none (every raw client failed)"));
            for (String raw : RAW_CLIENTS) {
                find(results, m.scenario(), m.concurrency(), raw).ifPresent(r -> row.put(raw,
                        Map.of("throughput", r.throughput(), "p99Ms", r.p99Ms(), "errors", r.errors())));
            }
            references.add(row);
        }
        return references;
    }

    /** For each closed-loop scenario and concurrency: each Camel client's figures divided by the reference's. */
    static List<Map<String, Object>> ratios(List<Measurement> results) {
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (Measurement m : results) {
            if (!isClosedLoop(m) || m.client().equals(CAMEL_HTTP) || RAW_CLIENTS.contains(m.client())) {
                continue;
            }
            for (String client : List.of(COMPONENT, CAMEL_HTTP)) {
                Optional<Measurement> other = find(results, m.scenario(), m.concurrency(), client);
                Optional<Measurement> raw = reference(results, m.scenario(), m.concurrency());
                if (other.isEmpty() || raw.isEmpty()) {
                    continue;
                }
                Measurement o = other.get();
                Measurement r = raw.get();
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("scenario", m.scenario());
                ratio.put("concurrency", m.concurrency());
                ratio.put("client", client);
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
            }
        }
        return ratios;
    }

    private static double ratio(double value, double base) {
        return base == 0 ? Double.NaN : LoadDriver.round(value / base, 3);
    }

    /** The issue's targets, each with the measured value and whether it is met (null: reported, no target). */
    static List<Map<String, Object>> targets(List<Measurement> results, Benchmark.Settings settings,
                                             Integer readerPoolSize) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Operation operation : CALLS) {
            for (int concurrency : TARGET_CONCURRENCIES) {
                Optional<Measurement> raw = reference(results, operation.label, concurrency);
                Optional<Measurement> component = find(results, operation.label, concurrency, COMPONENT);
                Optional<Measurement> camelHttp = find(results, operation.label, concurrency, CAMEL_HTTP);
                if (raw.isEmpty() || component.isEmpty()) {
                    continue;
                }
                String at = operation.label + " @" + concurrency + ": component ";
                double toRaw = ratio(component.get().throughput(), raw.get().throughput());
                targets.add(target(at + "calls/s >= 0.95 x fastest raw (" + raw.get().client() + ")", toRaw,
                        toRaw >= 0.95 && component.get().errors() == 0));
                camelHttp.ifPresent(http -> {
                    double toCamelHttp = ratio(component.get().throughput(), http.throughput());
                    targets.add(target(at + "calls/s > camel-http", toCamelHttp, toCamelHttp > 1));
                });
                if (concurrency == 16) {
                    double added = LoadDriver.round(component.get().p99Ms() - raw.get().p99Ms(), 3);
                    targets.add(target(at + "p99 added over fastest raw < 1 ms", added, added < 1));
                }
            }
        }
        for (int concurrency : settings.firstUpdateConcurrencies()) {
            Optional<Measurement> raw = reference(results, Operation.FIRST_UPDATE.label, concurrency);
            find(results, Operation.FIRST_UPDATE.label, concurrency, COMPONENT).ifPresent(component -> {
                if (raw.isPresent()) {
                    double added = LoadDriver.round(component.p99Ms() - raw.get().p99Ms(), 3);
                    targets.add(target("first relayed update @" + concurrency + ": p99 added over raw's first event"
                                       + " (" + raw.get().client() + ") < 2 ms", added,
                            added < 2 && component.errors() == 0));
                }
            });
        }
        Benchmark.StreamBurst relayed = settings.relayedStreams();
        if (relayed != null) {
            find(results, Operation.STREAM_UPDATES.label, relayed.streams(), COMPONENT).ifPresent(m -> {
                String name = relayed.streams() + " streams (final + updateUri): ";
                targets.add(allComplete(name, m, relayed));
                targets.add(target(name + "live threads above idle baseline <= 32", threads(m),
                        m.heldOpen().threadsAboveBaseline() <= 32));
                targets.add(target(name + "live heap with all open, after GC < 512 MB", m.heldOpen().liveHeapMb(),
                        m.heldOpen().liveHeapMb() < 512));
                targets.add(target(name + "KB per open stream (reported)", m.heldOpen().kbPerOpenStream(), null));
            });
        }
        Benchmark.StreamBurst iterator = settings.iteratorStreams();
        if (iterator != null) {
            find(results, Operation.STREAM_DELTAS.label, iterator.streams(), COMPONENT).ifPresent(m -> {
                String name = iterator.streams() + " streams (iterator + split): ";
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

    private static Map<String, Object> allComplete(String name, Measurement m, Benchmark.StreamBurst burst) {
        long expected = (long) burst.streams() * burst.events();
        return target(name + "all complete, every update received",
                m.calls() + " of " + burst.streams() + " streams (" + m.errors() + " failed, " + unfinished(m)
                + " unfinished), " + m.heldOpen().updates() + " of " + expected + " updates",
                m.calls() == burst.streams() && m.errors() == 0
                              && Long.valueOf(expected).equals(m.heldOpen().updates()));
    }

    /** Streams of a burst that neither answered nor failed by the driver's deadline. */
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
                           Map<String, Object> startup, Map<String, Object> machine) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s cores, %s MB RAM, %s, %s; client JVM %s%n%n",
                machine.get("cores"), machine.get("memoryMb"), machine.get("jdk"), machine.get("os"),
                machine.get("clientJvmArgs")));
        md.append("\"vs ref\" divides by the reference: the fastest raw client of that scenario and in-flight count"
                  + " (the most calls/s; for the first update, the lowest p99). In the first-update scenario p50"
                  + " and p99 are the time from the request to the stream's first update.\n\n");
        md.append("| Scenario | In flight | Client | Calls/s | vs ref | p50 ms | p99 ms | KB alloc/call | Peak threads"
                  + " | Peak heap MB | Client CPU µs/call | Server CPU µs/call | Server CPU share |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : results) {
            if (!isClosedLoop(m)) {
                continue;
            }
            Optional<Measurement> reference = reference(results, m.scenario(), m.concurrency());
            double vsRef = reference.map(raw -> ratio(m.throughput(), raw.throughput())).orElse(Double.NaN);
            boolean isReference = reference.map(raw -> raw.client().equals(m.client())).orElse(false);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.2f | %.3f | %.3f | %.1f | %d | %.0f |"
                                                 + " %.0f | %.0f | %.0f%% |%n",
                    m.scenario(), m.concurrency(), m.client() + (isReference ? " (ref)" : "") + errors(m),
                    m.throughput(), vsRef, m.p50Ms(), m.p99Ms(), m.allocatedKbPerCall(), m.peakThreads(),
                    m.peakHeapMb(), m.clientCpuUsPerCall(), m.serverCpuUsPerCall(), m.serverCpuShare() * 100));
        }
        md.append("\n| Scenario | In flight | Reference | ")
                .append(String.join(" | ", RAW_CLIENTS.stream().map(raw -> raw + " calls/s (p99 ms)").toList()))
                .append(" |\n|---|---:|---|").append("---:|".repeat(RAW_CLIENTS.size())).append('\n');
        for (Map<String, Object> row : references) {
            md.append("| ").append(row.get("scenario")).append(" | ").append(row.get("concurrency")).append(" | ")
                    .append(row.get("reference")).append(" |");
            for (String raw : RAW_CLIENTS) {
                Object figures = row.get(raw);
                md.append(' ').append(figures instanceof Map<?, ?> f ? String.format(Locale.ROOT, "%.0f (%.3f)%s",
                        (Double) f.get("throughput"), (Double) f.get("p99Ms"),
                        ((Long) f.get("errors")) == 0 ? "" : " " + f.get("errors") + " errors") : "-").append(" |");
            }
            md.append('\n');
        }
        md.append("\n| Streams held open | Streams | Client | Completed | Failed | Unfinished | Wall s | p50 s | p99 s"
                  + " | Threads before | Live threads (all open) | Above baseline | Peak threads | Open at sample"
                  + " | Live heap MB before / all open (after GC) | KB per open stream | Peak heap MB"
                  + " | Client CPU µs/event | Updates received |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (Measurement m : results) {
            if (isClosedLoop(m)) {
                continue;
            }
            Measurement.HeldOpen h = m.heldOpen();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %d | %.1f | %.2f | %.2f | %d | %d | %d"
                                                 + " | %d | %d | %.0f / %.0f | %.1f | %.0f | %.1f | %s |%n",
                    m.scenario(), m.concurrency(), m.client(), m.calls(), m.errors(), unfinished(m), m.seconds(),
                    m.p50Ms() / 1000,
                    m.p99Ms() / 1000, h.threadsAtStart(), h.liveThreads(), h.threadsAboveBaseline(),
                    m.peakThreads(), h.openWhenSampled(), h.liveHeapBeforeMb(), h.liveHeapMb(), h.kbPerOpenStream(),
                    m.peakHeapMb(), m.clientCpuUsPerCall() / h.eventsPerStream(),
                    h.updates() == null ? "(in its own reader)" : h.updates().toString()));
        }
        md.append("\nLive threads with every stream open, by name (# for numbers):\n\n");
        for (Measurement m : results) {
            if (!isClosedLoop(m)) {
                md.append("- ").append(m.scenario()).append(", ").append(m.concurrency()).append(", ")
                        .append(m.client()).append(": ")
                        .append(m.heldOpen().liveThreadsByName().entrySet().stream().limit(8)
                                .map(e -> e.getValue() + " " + e.getKey()).toList())
                        .append(m.firstError() == null ? "" : "; first error: " + m.firstError())
                        .append('\n');
            }
        }
        md.append("\n| Scenario | In flight | Client | Reference | Calls/s ÷ ref | p50 ÷ ref | p99 ÷ ref"
                  + " | p99 added ms | Alloc/call ÷ ref | Peak threads ÷ ref | Peak heap ÷ ref | CPU/call ÷ ref |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : ratios) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("scenario"), r.get("concurrency"), r.get("client"), r.get("reference"),
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
