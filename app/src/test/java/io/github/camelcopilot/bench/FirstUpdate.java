package io.github.camelcopilot.bench;

/**
 * When the first update of one stream reached its reader: the route's update consumer for the component, the
 * first parsed event for a raw client. One per call, written by that stream's thread of the moment.
 */
final class FirstUpdate {

    private volatile long arrivedNanos;

    /** Records the first arrival on {@code probe}, if the driver asked for one (null otherwise). */
    static void arrived(FirstUpdate probe) {
        if (probe != null && probe.arrivedNanos == 0) {
            probe.arrivedNanos = System.nanoTime();
        }
    }

    /** Nanoseconds from {@code startNanos} to the first update, or -1 when none arrived. */
    long since(long startNanos) {
        long arrived = arrivedNanos;
        return arrived == 0 ? -1 : arrived - startNanos;
    }
}
