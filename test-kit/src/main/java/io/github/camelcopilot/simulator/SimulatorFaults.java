package io.github.camelcopilot.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The faults a {@link CopilotSimulator} injects, configured by tests. Everything here is deterministic: enqueued faults
 * hit the next matching requests in order, each once (or the given number of times); random faults draw from a seeded
 * generator, so the same seed and the same request sequence give the same faults. Faults hit only requests that name
 * an API operation with the right method (a 404 or 405 consumes none), and they are applied before the token and the
 * body are checked. Thread-safe.
 */
public final class SimulatorFaults {

    /** An enqueued fault and how many more requests it will hit. */
    private static final class Pending {
        final Fault fault;
        int remaining;

        Pending(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    /** Probabilistic faults: with probability {@code rate} a request gets one of {@code candidates}. */
    private record RandomFaults(Random random, double rate, List<Fault> candidates) {
    }

    private final Deque<Pending> queue = new ArrayDeque<>();
    private final List<AppliedFault> applied = new ArrayList<>();
    private volatile Duration latency = Duration.ZERO;
    private RandomFaults randomFaults;

    SimulatorFaults() {
    }

    /** The fault hits the next request it applies to, once. */
    public SimulatorFaults enqueue(Fault fault) {
        return enqueue(fault, 1);
    }

    /** The fault hits the next {@code times} requests it applies to. Faults enqueued earlier are served first. */
    public synchronized SimulatorFaults enqueue(Fault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        queue.addLast(new Pending(fault, times));
        return this;
    }

    /** A delay added before every response (zero to switch it off). */
    public SimulatorFaults latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative latency: " + delay);
        }
        this.latency = delay;
        return this;
    }

    /**
     * Probabilistic faults for soak and retry tests: each request that no enqueued fault hits gets, with probability
     * {@code rate}, one of {@code candidates} (chosen uniformly among those that apply to its operation). Draws come from
     * a generator seeded with {@code seed}, so a run is repeatable for the same sequence of requests. Replaces any
     * earlier random configuration; {@link #clear()} removes it.
     */
    public synchronized SimulatorFaults random(long seed, double rate, Fault... candidates) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within [0, 1]: " + rate);
        }
        if (candidates.length == 0) {
            throw new IllegalArgumentException("no candidate faults");
        }
        this.randomFaults = new RandomFaults(new Random(seed), rate, List.of(candidates));
        return this;
    }

    /** Every fault injected since start or the last {@link #clear()}, in order. */
    public synchronized List<AppliedFault> applied() {
        return List.copyOf(applied);
    }

    synchronized void recordApplied(AppliedFault fault) {
        applied.add(fault);
    }

    /** Removes every enqueued and random fault and the latency, and forgets the faults applied. */
    public synchronized void clear() {
        applied.clear();
        queue.clear();
        randomFaults = null;
        latency = Duration.ZERO;
    }

    /** The number of fault applications still enqueued (random faults not counted). */
    public synchronized int pending() {
        return queue.stream().mapToInt(pending -> pending.remaining).sum();
    }

    Duration latency() {
        return latency;
    }

    /**
     * The fault for a request of {@code operation}, consumed, or null for none. Enqueued faults go first; the random
     * generator is drawn from only for requests no enqueued fault hit.
     */
    synchronized Fault take(Fault.Operation operation) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext();) {
            Pending pending = it.next();
            if (pending.fault.matches(operation)) {
                if (--pending.remaining == 0) {
                    it.remove();
                }
                return pending.fault;
            }
        }
        return randomFaults == null ? null : drawRandom(operation);
    }

    private Fault drawRandom(Fault.Operation operation) {
        // Always draw twice so the sequence of draws depends only on the number of requests, not on their operations.
        double roll = randomFaults.random().nextDouble();
        int pick = randomFaults.random().nextInt(Integer.MAX_VALUE);
        if (roll >= randomFaults.rate()) {
            return null;
        }
        List<Fault> applicable = randomFaults.candidates().stream().filter(fault -> fault.matches(operation)).toList();
        return applicable.isEmpty() ? null : applicable.get(pick % applicable.size());
    }
}
