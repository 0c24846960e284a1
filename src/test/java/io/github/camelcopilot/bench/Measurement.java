package io.github.camelcopilot.bench;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One client in one scenario. Latencies are per call (per stream for streams, from the request to the final
 * answer). CPU is process CPU time: the client JVM's per call, and the server JVM's per call and as a share of
 * the machine's cores over the window (a server far from saturating its share is not the bottleneck).
 *
 * @param concurrency calls kept in flight (closed loop), or the number of streams opened at once
 * @param liveHeapMb  scale runs only: heap in use after a full GC while every stream is open
 * @param liveThreads scale runs only: live threads while every stream is open
 * @param updates     scale runs only: stream updates the route received (expected: streams x events)
 * @param threadsAtStart scale runs only: live threads before the first stream was opened
 * @param liveThreadsByName scale runs only: the live threads while every stream is open, by name pattern
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Measurement(String scenario, String client, int concurrency, long calls, long errors, String firstError,
                   double seconds, double throughput, double p50Ms, double p99Ms, double allocatedKbPerCall,
                   int peakThreads, double peakHeapMb, double clientCpuUsPerCall, double serverCpuUsPerCall,
                   double serverCpuShare, Double liveHeapMb, Integer liveThreads, Long updates,
                   Integer threadsAtStart, Map<String, Integer> liveThreadsByName) {
}
