package io.github.camelcopilot.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelcopilot.bench.BenchClient.Operation;

/**
 * Drives a client: a closed loop that keeps a fixed number of calls in flight (each finished call starts the
 * next), warmed up, then measured for a fixed window; or a burst of streams opened together and held open.
 * Latencies go into a preallocated array, so recording them allocates nothing.
 */
final class LoadDriver {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Live threads of this JVM with every client started and idle, give or take (measured: about 30). */
    private static final int IDLE_THREADS_BASELINE = 40;

    private final BenchServer.Process server;
    private final long[] latencies = new long[1 << 20];
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** Restarts a user's loop when a call completed before its callback was attached (keeps the stack flat). */
    private final Executor trampoline = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-trampoline");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean measuring;
    private volatile boolean stopping;
    /**
     * Which run the driver is in: a call still in flight from an earlier run (one that never ended) is neither
     * recorded nor followed by another when it ends late.
     */
    private volatile int generation;

    LoadDriver(BenchServer.Process server) {
        this.server = server;
    }

    /** What one measurement window saw; windows of the same client and scenario add up. */
    record Window(long[] latencies, long calls, long errors, String firstError, double seconds, long cpuNanos,
                  long allocatedBytes, int peakThreads, long peakHeapBytes, long serverCpuNanos,
                  Measurement.Connections connections, long jitCpuNanos) {

        Window plus(Window other) {
            long[] both = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
            System.arraycopy(other.latencies, 0, both, latencies.length, other.latencies.length);
            Measurement.Connections more = other.connections;
            return new Window(both, calls + other.calls, errors + other.errors,
                    firstError != null ? firstError : other.firstError, seconds + other.seconds,
                    cpuNanos + other.cpuNanos, allocatedBytes + other.allocatedBytes,
                    Math.max(peakThreads, other.peakThreads), Math.max(peakHeapBytes, other.peakHeapBytes),
                    serverCpuNanos + other.serverCpuNanos, new Measurement.Connections(
                            Math.max(connections.used(), more.used()),
                            connections.opened() + more.opened(),
                            Math.max(connections.maxStreamsOnOne(), more.maxStreamsOnOne())),
                    jitCpuNanos < 0 || other.jitCpuNanos < 0 ? -1 : jitCpuNanos + other.jitCpuNanos);
        }
    }

    /** Keeps {@code concurrency} calls in flight for warm-up plus window; measures the window. */
    Window closedLoop(BenchClient client, Operation operation, int concurrency, long warmupMillis,
                           long windowMillis) throws InterruptedException {
        reset();
        int run = generation;
        CountDownLatch usersDone = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            if (client.blocksCaller()) {
                Thread user = new Thread(() -> {
                    while (!stopping && run == generation) {
                        long start = System.nanoTime();
                        String result = null;
                        Throwable error = null;
                        FirstUpdate firstUpdate = firstUpdateProbe(operation);
                        try {
                            result = client.call(operation, firstUpdate).join();
                        } catch (RuntimeException e) {
                            error = e;
                        }
                        record(run, operation, start, result, error, firstUpdate);
                    }
                    usersDone.countDown();
                }, "bench-user-" + i);
                user.setDaemon(true);
                user.start();
            } else {
                new AsyncUser(client, operation, usersDone, run).next();
            }
        }
        Thread.sleep(warmupMillis);
        ResourceProbe probe = new ResourceProbe();
        BenchServer.Stats serverBefore = server.stats(true);
        probe.start();
        measuring = true;
        Thread.sleep(windowMillis);
        measuring = false;
        ResourceProbe.Usage usage = probe.stop();
        BenchServer.Stats serverAfter = server.stats(false);
        stopping = true;
        if (!usersDone.await(60, TimeUnit.SECONDS)) {
            // counted as failed; the run goes on without them
            errors.addAndGet(usersDone.getCount());
            firstError.compareAndSet(null, usersDone.getCount() + " calls still in flight 60 s after the window");
        }
        return window(usage, serverBefore, serverAfter);
    }

    /**
     * Opens {@code burst.streams()} streams at once; the server holds each open (its pauses between events).
     * Measures from the first request until the last stream ends. Once the server has every stream open (or half
     * the hold has passed), live heap and threads are read.
     */
    Measurement burst(BenchClient client, Operation operation, Benchmark.StreamBurst burst, long idleThreadWaitMillis,
                      AtomicLong updatesReceived) throws InterruptedException {
        server.streamShape(burst.events(), burst.delayMillis(), true);
        // Idle pooled threads of earlier runs (of any client) would count as this run's.
        int threadsAtStart = ResourceProbe.awaitIdleThreadsGone(IDLE_THREADS_BASELINE, idleThreadWaitMillis);
        double liveHeapBeforeMb = ResourceProbe.liveHeapAfterGc() / 1048576.0;
        reset();
        int run = generation;
        measuring = true;
        long updatesBefore = updatesReceived == null ? 0 : updatesReceived.get();
        ResourceProbe probe = new ResourceProbe();
        BenchServer.Stats serverBefore = server.stats(true);
        probe.start();
        List<CompletableFuture<String>> calls = startAll(client, operation, burst.streams(), run);
        long holdMillis = burst.holdMillis();
        long sampleBy = System.currentTimeMillis() + holdMillis / 2;
        int open = server.stats(false).openStreams();
        while (open < burst.streams() && System.currentTimeMillis() < sampleBy) {
            Thread.sleep(100);
            open = server.stats(false).openStreams();
        }
        double liveHeapMb = ResourceProbe.liveHeapAfterGc() / 1048576.0;
        int liveThreads = ResourceProbe.liveThreads();
        Map<String, Integer> liveThreadsByName = ResourceProbe.liveThreadsByName();
        awaitAll(calls, holdMillis * 4 + 60_000);
        ResourceProbe.Usage usage = probe.stop();
        BenchServer.Stats serverAfter = server.stats(false);
        measuring = false;
        server.defaultStreamShape();
        Long updates = null;
        if (updatesReceived != null) {
            // the seda consumer may still be draining the last updates
            long expected = (long) burst.streams() * burst.events();
            long deadline = System.currentTimeMillis() + 10_000;
            while (updatesReceived.get() - updatesBefore < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            updates = updatesReceived.get() - updatesBefore;
        }
        Measurement.HeldOpen heldOpen = new Measurement.HeldOpen(round(liveHeapBeforeMb, 1), round(liveHeapMb, 1),
                round((liveHeapMb - liveHeapBeforeMb) * 1024 / Math.max(open, 1), 1), open, burst.events(), threadsAtStart,
                liveThreads, updates, liveThreadsByName);
        return measurement(operation.label, client, burst.streams(), window(usage, serverBefore, serverAfter),
                heldOpen);
    }

    /**
     * One chat call, then {@code calls} chat calls at once on the connection it left open (the server delays its
     * answers so that they overlap): whether a client queues what is past the server's stream limit or fails it.
     */
    Measurement warmBurst(BenchClient client, int calls, long answerDelayMillis) throws InterruptedException {
        awaitAll(List.of(startCall(client, Operation.CHAT, null)), answerDelayMillis + 60_000);
        reset();
        int run = generation;
        measuring = true;
        ResourceProbe probe = new ResourceProbe();
        BenchServer.Stats serverBefore = server.stats(true);
        probe.start();
        awaitAll(startAll(client, Operation.CHAT, calls, run), answerDelayMillis * 4 + 60_000);
        ResourceProbe.Usage usage = probe.stop();
        BenchServer.Stats serverAfter = server.stats(false);
        measuring = false;
        return measurement(WARM_BURST, client, calls, window(usage, serverBefore, serverAfter));
    }

    /** The scenario name of {@link #warmBurst}. */
    static final String WARM_BURST = "chat, warm burst";
    /** The cost-of-watching scenario: chat, the component with and without meters and tracing. */
    static final String WATCHING = "chat, cost of watching";

    /** Starts {@code count} calls at once, each recorded when it ends. */
    private List<CompletableFuture<String>> startAll(BenchClient client, Operation operation, int count, int run) {
        List<CompletableFuture<String>> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            calls.add(startCall(client, operation, null)
                    .whenComplete((result, error) -> record(run, operation, start, result, error, null)));
        }
        return calls;
    }

    /** Waits until every call has ended or the time is up; failed and unfinished calls are counted per call. */
    private static void awaitAll(List<CompletableFuture<String>> calls, long timeoutMillis)
            throws InterruptedException {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // counted per call
        }
    }

    /** The call, or a failed future when the client refused it outright. */
    private static CompletableFuture<String> startCall(BenchClient client, Operation operation,
                                                       FirstUpdate firstUpdate) {
        try {
            return client.call(operation, firstUpdate);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A probe for the first update when that is what the operation measures. */
    private static FirstUpdate firstUpdateProbe(Operation operation) {
        return operation == Operation.FIRST_UPDATE ? new FirstUpdate() : null;
    }

    private void reset() {
        generation++;
        recorded.set(0);
        completed.set(0);
        errors.set(0);
        firstError.set(null);
        measuring = false;
        stopping = false;
    }

    /** Records a call's latency: to its answer, or to its first update when that is what is measured. */
    private void record(int run, Operation operation, long start, String result, Throwable error,
                        FirstUpdate firstUpdate) {
        long elapsed = firstUpdate == null ? System.nanoTime() - start : firstUpdate.since(start);
        if (!measuring || run != generation) {
            return;
        }
        String problem = error != null ? error.toString() : check(operation, result);
        if (problem == null && elapsed < 0) {
            problem = "the stream ended without an update reaching the reader";
        }
        if (problem != null) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, problem);
            return;
        }
        completed.incrementAndGet();
        int slot = recorded.getAndIncrement();
        if (slot < latencies.length) {
            latencies[slot] = elapsed;
        }
    }

    /** Null when the call returned what the server sent; otherwise what was wrong. */
    private static String check(Operation operation, String result) {
        if (operation == Operation.CREATE) {
            return BenchServer.CONVERSATION_ID.equals(result) ? null : "create returned " + result;
        }
        return BenchServer.ANSWER.equals(result) ? null
                : operation.label + " returned " + (result == null ? "null" : result.length() + " chars, not the answer");
    }

    private Window window(ResourceProbe.Usage usage, BenchServer.Stats serverBefore, BenchServer.Stats serverAfter) {
        long[] recordedLatencies = Arrays.copyOf(latencies, Math.min(recorded.get(), latencies.length));
        return new Window(recordedLatencies, completed.get(), errors.get(), firstError.get(), usage.seconds(),
                usage.cpuNanos(), usage.allocatedBytes(), usage.peakThreads(), usage.peakHeapBytes(),
                serverAfter.cpuNanos() - serverBefore.cpuNanos(), connections(serverBefore, serverAfter),
                usage.jitCpuNanos());
    }

    private static Measurement.Connections connections(BenchServer.Stats before, BenchServer.Stats after) {
        return new Measurement.Connections(after.connectionsUsed(), after.tlsAccepted() - before.tlsAccepted(),
                after.maxStreamsPerConnection());
    }

    static Measurement measurement(String scenario, BenchClient client, int concurrency, Window window) {
        return measurement(scenario, client, concurrency, window, null);
    }

    private static Measurement measurement(String scenario, BenchClient client, int concurrency, Window window,
                                           Measurement.HeldOpen heldOpen) {
        long[] sorted = window.latencies().clone();
        Arrays.sort(sorted);
        long calls = window.calls();
        double perCall = Math.max(calls, 1);
        return new Measurement(client.front().label, scenario, client.name(), concurrency, calls, window.errors(),
                window.firstError(),
                round(window.seconds(), 2), round(calls / window.seconds(), 1), percentileMs(sorted, 0.50),
                percentileMs(sorted, 0.99), round(window.allocatedBytes() / perCall / 1024.0, 1),
                window.peakThreads(), round(window.peakHeapBytes() / 1048576.0, 1),
                round(window.cpuNanos() / perCall / 1000.0, 1), round(window.serverCpuNanos() / perCall / 1000.0, 1),
                round(window.serverCpuNanos() / (window.seconds() * 1e9 * CORES), 3), client.front().isTls()
                        ? window.connections() : new Measurement.Connections(window.connections().used(), null,
                        window.connections().maxStreamsOnOne()),
                heldOpen, window.jitCpuNanos() < 0 ? -1 : window.jitCpuNanos() / 1_000_000);
    }

    private static double percentileMs(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return round(sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6, 3);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** One in-flight slot of a non-blocking client: each completion records and starts the next call. */
    private final class AsyncUser {

        private final BenchClient client;
        private final Operation operation;
        private final CountDownLatch done;
        private final int run;

        AsyncUser(BenchClient client, Operation operation, CountDownLatch done, int run) {
            this.client = client;
            this.operation = operation;
            this.done = done;
            this.run = run;
        }

        void next() {
            if (stopping || run != generation) {
                done.countDown();
                return;
            }
            long start = System.nanoTime();
            FirstUpdate firstUpdate = firstUpdateProbe(operation);
            CompletableFuture<String> call = startCall(client, operation, firstUpdate);
            if (call.isDone()) {
                Throwable error = failure(call);
                record(run, operation, start, error == null ? call.getNow(null) : null, error, firstUpdate);
                trampoline.execute(this::next);
                return;
            }
            call.whenComplete((result, error) -> {
                record(run, operation, start, result, error, firstUpdate);
                next();
            });
        }

        private Throwable failure(CompletableFuture<String> call) {
            try {
                call.join();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }
    }
}
