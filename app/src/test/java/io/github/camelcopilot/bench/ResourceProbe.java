package io.github.camelcopilot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one measurement window cost this JVM (the clients'; the server runs in its own): CPU time, bytes allocated,
 * peak live threads and peak heap.
 * <p>
 * Allocation is {@code ThreadMXBean.getThreadAllocatedBytes} summed over the JVM's threads, end minus start per
 * thread (a thread born in the window counts fully). A thread that ends inside the window takes its bytes with
 * it; the pools involved keep their threads for 60 s and the driver's own threads are read before they stop, so
 * this misses little. Peak threads is the JVM's exact peak ({@code resetPeakThreadCount}); peak heap is the
 * highest heap use sampled every 10 ms, garbage not yet collected included. JIT CPU is the CPU time of the JVM's JIT
 * compiler threads in the window, read from {@code /proc/self/task} (Linux; 10 ms ticks; -1 elsewhere): work that the
 * process CPU includes, whichever client's code they compile. ({@code CompilationMXBean}'s compilation time is elapsed
 * time, which on two busy cores counts a compiler thread's waits too.)
 */
final class ResourceProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L; // Linux's USER_HZ, 100

    private final Map<Long, Long> allocatedAtStart = new HashMap<>();
    private long cpuAtStart;
    private long jitCpuAtStart;
    private long startNanos;
    private volatile long peakHeap;
    private volatile boolean sampling;
    private Thread sampler;

    /** What the window cost. */
    record Usage(double seconds, long cpuNanos, long allocatedBytes, int peakThreads, long peakHeapBytes,
                 long jitCpuNanos) {
    }

    /**
     * The CPU time the JVM's live JIT compiler threads have used, in nanoseconds; -1 where {@code /proc} cannot tell.
     */
    static long jitCpuNanos() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // after "pid (name) ": state is field 3 of stat(5), utime 14 and stime 15
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * NANOS_PER_TICK;
    }

    void start() {
        allocatedAtStart.clear();
        allocatedAtStart.putAll(allocatedByThread());
        THREADS.resetPeakThreadCount();
        peakHeap = MEMORY.getHeapMemoryUsage().getUsed();
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                long used = MEMORY.getHeapMemoryUsage().getUsed();
                if (used > peakHeap) {
                    peakHeap = used;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        cpuAtStart = OS.getProcessCpuTime();
        jitCpuAtStart = jitCpuNanos();
        startNanos = System.nanoTime();
    }

    Usage stop() {
        long seconds = System.nanoTime() - startNanos;
        long cpu = OS.getProcessCpuTime() - cpuAtStart;
        long jit = jitCpuAtStart < 0 ? -1 : jitCpuNanos() - jitCpuAtStart;
        long allocated = 0;
        for (Map.Entry<Long, Long> thread : allocatedByThread().entrySet()) {
            allocated += thread.getValue() - allocatedAtStart.getOrDefault(thread.getKey(), 0L);
        }
        int peakThreads = THREADS.getPeakThreadCount();
        sampling = false;
        sampler.interrupt();
        return new Usage(seconds / 1e9, cpu, allocated, peakThreads, peakHeap, jit);
    }

    /** Heap in use after a full collection: what is really held at this moment. */
    static long liveHeapAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    static int liveThreads() {
        return THREADS.getThreadCount();
    }

    /** Live threads by name with thread numbers taken out ("HttpClient-3-Worker-#"), most first. */
    static Map<String, Integer> liveThreadsByName() {
        Map<String, Integer> counts = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            counts.merge(thread.getName().replaceAll("#\\d+", "#").replaceAll("\\d+$", "#"), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /**
     * Waits (at most {@code maxMillis}) for idle pooled threads of earlier runs to end, so that a thread count
     * measures the run at hand: the JDK HttpClient's default pool keeps an idle worker for 60 s.
     */
    static int awaitIdleThreadsGone(int baseline, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (THREADS.getThreadCount() > baseline && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        return THREADS.getThreadCount();
    }

    private static Map<Long, Long> allocatedByThread() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> result = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                result.put(ids[i], bytes[i]);
            }
        }
        return result;
    }
}
