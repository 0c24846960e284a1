package io.github.camelcopilot.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.camelcopilot.bench.BenchClient.Operation;

/** Ratios to the raw client, the issue's targets, and the Markdown tables, from one run's measurements. */
final class Report {

    static final String RAW = "raw HttpClient";
    static final String CAMEL_HTTP = "camel-http route";
    static final String COMPONENT = "copilot component";

    private Report() {
    }

    private static Optional<Measurement> find(List<Measurement> results, String scenario, int concurrency,
                                              String client) {
        return results.stream().filter(m -> m.scenario().equals(scenario) && m.concurrency() == concurrency
                                            && m.client().equals(client)).findFirst();
    }

    private static boolean isClosedLoop(Measurement m) {
        return m.liveThreads() == null;
    }

    /** For each scenario and concurrency: each Camel client's figures divided by the raw client's. */
    static List<Map<String, Object>> ratios(List<Measurement> results) {
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (Measurement raw : results) {
            if (!raw.client().equals(RAW)) {
                continue;
            }
            for (String client : List.of(COMPONENT, CAMEL_HTTP)) {
                find(results, raw.scenario(), raw.concurrency(), client).ifPresent(other -> {
                    Map<String, Object> ratio = new LinkedHashMap<>();
                    ratio.put("scenario", raw.scenario());
                    ratio.put("concurrency", raw.concurrency());
                    ratio.put("client", client);
                    ratio.put("throughput", ratio(other.throughput(), raw.throughput()));
                    ratio.put("p50", ratio(other.p50Ms(), raw.p50Ms()));
                    ratio.put("p99", ratio(other.p99Ms(), raw.p99Ms()));
                    ratio.put("p99AddedMs", LoadDriver.round(other.p99Ms() - raw.p99Ms(), 3));
                    ratio.put("allocatedPerCall", ratio(other.allocatedKbPerCall(), raw.allocatedKbPerCall()));
                    ratio.put("peakThreads", ratio(other.peakThreads(), raw.peakThreads()));
                    ratio.put("peakHeap", ratio(other.peakHeapMb(), raw.peakHeapMb()));
                    ratio.put("clientCpuPerCall", ratio(other.clientCpuUsPerCall(), raw.clientCpuUsPerCall()));
                    ratios.add(ratio);
                });
            }
        }
        return ratios;
    }

    private static double ratio(double value, double base) {
        return base == 0 ? Double.NaN : LoadDriver.round(value / base, 3);
    }

    /** The issue's targets, each with the measured value and whether it is met. */
    static List<Map<String, Object>> targets(List<Measurement> results, Benchmark.Settings settings) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Operation operation : List.of(Operation.CREATE, Operation.CHAT, Operation.STREAM)) {
            for (int concurrency : List.of(1, 256)) {
                Optional<Measurement> raw = find(results, operation.label, concurrency, RAW);
                Optional<Measurement> component = find(results, operation.label, concurrency, COMPONENT);
                Optional<Measurement> camelHttp = find(results, operation.label, concurrency, CAMEL_HTTP);
                if (raw.isPresent() && component.isPresent() && camelHttp.isPresent()) {
                    double toRaw = ratio(component.get().throughput(), raw.get().throughput());
                    double toCamelHttp = ratio(component.get().throughput(), camelHttp.get().throughput());
                    targets.add(target(operation.label + " @" + concurrency + ": component calls/s >= 0.95 x raw",
                            toRaw, toRaw >= 0.95));
                    targets.add(target(operation.label + " @" + concurrency + ": component calls/s > camel-http",
                            toCamelHttp, toCamelHttp > 1));
                }
            }
            Optional<Measurement> raw = find(results, operation.label, 16, RAW);
            Optional<Measurement> component = find(results, operation.label, 16, COMPONENT);
            if (raw.isPresent() && component.isPresent()) {
                double added = LoadDriver.round(component.get().p99Ms() - raw.get().p99Ms(), 3);
                targets.add(target(operation.label + " @16: component p99 added over raw < 1 ms", added, added < 1));
            }
        }
        find(results, Operation.STREAM_UPDATES.label, settings.streams(), COMPONENT).ifPresent(m -> {
            long expected = (long) settings.streams() * BenchServer.STREAM_EVENTS;
            targets.add(target(settings.streams() + " streams (final + updateUri): all complete, every update"
                               + " received", m.calls() + " of " + settings.streams() + " streams, " + m.updates()
                                                + " of " + expected + " updates",
                    m.calls() == settings.streams() && m.errors() == 0 && m.updates() == expected));
            targets.add(target(settings.streams() + " streams (final + updateUri): peak live threads < 64",
                    m.peakThreads(), m.peakThreads() < 64));
            targets.add(target(settings.streams() + " streams (final + updateUri): peak heap < 512 MB",
                    m.peakHeapMb(), m.peakHeapMb() < 512));
        });
        return targets;
    }

    private static Map<String, Object> target(String name, Object measured, boolean met) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", name);
        target.put("measured", measured);
        target.put("met", met);
        return target;
    }

    static String markdown(List<Measurement> results, List<Map<String, Object>> ratios,
                           List<Map<String, Object>> targets, Map<String, Object> startup,
                           Map<String, Object> machine) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s cores, %s MB RAM, %s, %s; client JVM %s%n%n",
                machine.get("cores"), machine.get("memoryMb"), machine.get("jdk"), machine.get("os"),
                machine.get("clientJvmArgs")));
        md.append("| Scenario | In flight | Client | Calls/s | vs raw | p50 ms | p99 ms | KB alloc/call | Peak threads"
                  + " | Peak heap MB | Client CPU µs/call | Server CPU µs/call | Server CPU share |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : results) {
            if (!isClosedLoop(m)) {
                continue;
            }
            double vsRaw = find(results, m.scenario(), m.concurrency(), RAW)
                    .map(raw -> ratio(m.throughput(), raw.throughput())).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.2f | %.3f | %.3f | %.1f | %d | %.0f |"
                                                 + " %.0f | %.0f | %.0f%% |%n",
                    m.scenario(), m.concurrency(), m.client() + errors(m), m.throughput(), vsRaw, m.p50Ms(),
                    m.p99Ms(), m.allocatedKbPerCall(), m.peakThreads(), m.peakHeapMb(), m.clientCpuUsPerCall(),
                    m.serverCpuUsPerCall(), m.serverCpuShare() * 100));
        }
        md.append("\n| Streams held open | Streams | Client | Completed | Wall s | p50 s | p99 s | Threads before"
                  + " | Live threads (all open) | Peak threads | Live heap MB (all open, after GC) | Peak heap MB"
                  + " | KB alloc/stream | Client CPU µs/event | Updates received |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : results) {
            if (isClosedLoop(m)) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.1f | %.2f | %.2f | %d | %d | %d | %.0f |"
                                                 + " %.0f | %.0f | %.1f | %s |%n",
                    m.scenario(), m.concurrency(), m.client() + errors(m), m.calls(), m.seconds(), m.p50Ms() / 1000,
                    m.p99Ms() / 1000, m.threadsAtStart(), m.liveThreads(), m.peakThreads(), m.liveHeapMb(), m.peakHeapMb(),
                    m.allocatedKbPerCall(), m.clientCpuUsPerCall() / BenchServer.STREAM_EVENTS,
                    m.updates() == null ? "(in its own reader)" : m.updates().toString()));
        }
        md.append("\nLive threads with every stream open, by name (# for numbers):\n\n");
        for (Measurement m : results) {
            if (!isClosedLoop(m)) {
                md.append("- ").append(m.scenario()).append(", ").append(m.client()).append(": ")
                        .append(m.liveThreadsByName().entrySet().stream().limit(5)
                                .map(e -> e.getValue() + " " + e.getKey()).toList())
                        .append('\n');
            }
        }
        md.append("\n| Scenario | In flight | Client | Calls/s ÷ raw | p50 ÷ raw | p99 ÷ raw | p99 added ms"
                  + " | Alloc/call ÷ raw | Peak threads ÷ raw | Peak heap ÷ raw | CPU/call ÷ raw |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : ratios) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("scenario"), r.get("concurrency"), r.get("client"), r.get("throughput"), r.get("p50"),
                    r.get("p99"), r.get("p99AddedMs"), r.get("allocatedPerCall"), r.get("peakThreads"),
                    r.get("peakHeap"), r.get("clientCpuPerCall")));
        }
        md.append("\n| Target | Measured | Met |\n|---|---|---|\n");
        for (Map<String, Object> t : targets) {
            md.append("| ").append(t.get("target")).append(" | ").append(t.get("measured")).append(" | ")
                    .append(Boolean.TRUE.equals(t.get("met")) ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nApp start-up (JVM start to routes started): ").append(startup).append('\n');
        return md.toString();
    }

    private static String errors(Measurement m) {
        return m.errors() == 0 ? "" : " (" + m.errors() + " errors)";
    }
}
