package io.github.camelcopilot.bench;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One client in one scenario. Latencies are per call (per stream for streams, from the request to the final
 * answer; to the first update in the first-update scenario). CPU is process CPU time: the client JVM's per call,
 * and the server JVM's per call and as a share of the machine's cores over the window (a server far from
 * saturating its share is not the bottleneck).
 *
 * @param front       the server front: plain HTTP/1.1 or TLS + HTTP/2
 * @param concurrency calls kept in flight (closed loop), or the number of calls or streams started at once
 * @param connections the client connections the server saw in the window
 * @param heldOpen    streams held open only: what the client JVM held with them open
 * @param jitCpuMillis the CPU time of the JVM's JIT compiler threads during the client's windows (-1: unknown),
 *                    which the client CPU includes (any client's code may be compiled in any window); near 0 once warm
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Measurement(String front, String scenario, String client, int concurrency, long calls, long errors,
                   String firstError, double seconds, double throughput, double p50Ms, double p99Ms,
                   double allocatedKbPerCall, int peakThreads, double peakHeapMb, double clientCpuUsPerCall,
                   double serverCpuUsPerCall, double serverCpuShare, Connections connections, HeldOpen heldOpen,
                   long jitCpuMillis) {

    /**
     * @param used            connections that carried requests (a closed loop's: its windows' largest)
     * @param opened          TLS connections the server accepted (null on the plain front, whose server cannot tell)
     * @param maxStreamsOnOne the most requests one connection had in flight at once
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Connections(int used, Long opened, int maxStreamsOnOne) {

        @Override
        public String toString() {
            return used + (opened == null ? "" : " (" + opened + " opened)") + ", at most " + maxStreamsOnOne
                   + " requests on one";
        }
    }

    /**
     * A burst of streams held open, read once the server had them all open (or half-way through the hold).
     *
     * @param liveHeapBeforeMb  heap in use after a full GC just before the first stream was opened
     * @param liveHeapMb        heap in use after a full GC with the streams open
     * @param kbPerOpenStream   the difference of the two, per stream open at that moment
     * @param openWhenSampled   streams the server had open at that moment
     * @param eventsPerStream   the events the server sent on each stream
     * @param threadsAtStart    live threads before the first stream was opened (the idle baseline)
     * @param liveThreads       live threads with the streams open
     * @param updates           stream updates the route received (expected: streams x events); null for a raw client
     * @param liveThreadsByName the live threads with the streams open, by name pattern
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HeldOpen(double liveHeapBeforeMb, double liveHeapMb, double kbPerOpenStream, int openWhenSampled,
                    int eventsPerStream, int threadsAtStart, int liveThreads, Long updates, Map<String, Integer> liveThreadsByName) {

        int threadsAboveBaseline() {
            return liveThreads - threadsAtStart;
        }
    }
}
