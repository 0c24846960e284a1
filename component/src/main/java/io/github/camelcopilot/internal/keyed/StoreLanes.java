package io.github.camelcopilot.internal.keyed;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.github.camelcopilot.store.CopilotConversationStore;
import org.apache.camel.Component;

/**
 * What a component's endpoints on one conversation store share, from the first that starts to the last that stops:
 * the order of each key's turns (two endpoints never run turns of one key at once) and, for a blocking store, the pool
 * that bounds its calls at once (a JDBC store's connections); waiting calls queue, none is refused.
 */
public final class StoreLanes {

    private static final String POOL = "CopilotConversationStore";

    private final Component owner;
    private final IntSupplier poolSize;
    private final Map<CopilotConversationStore, Lane> lanes = new IdentityHashMap<>();

    public StoreLanes(Component owner, IntSupplier poolSize) {
        this.owner = owner;
        this.poolSize = poolSize;
    }

    /** A store's key order and pool (null for a store that does not block), and how many endpoints use them. */
    record Lane(KeySequencer sequencer, ExecutorService pool, AtomicInteger users) {
    }

    synchronized Lane acquire(CopilotConversationStore store) {
        Lane lane = lanes.computeIfAbsent(store, ignored -> new Lane(new KeySequencer(), store.isBlocking()
                ? owner.getCamelContext().getExecutorServiceManager().newFixedThreadPool(owner, POOL,
                        poolSize.getAsInt())
                : null, new AtomicInteger()));
        lane.users().incrementAndGet();
        return lane;
    }

    void release(CopilotConversationStore store, Lane lane) {
        synchronized (this) {
            if (lane.users().decrementAndGet() > 0) {
                return;
            }
            lanes.remove(store, lane);
        }
        if (lane.pool() != null) {
            // Graceful: a queued store call completes the turn of an exchange that is failing or ending.
            owner.getCamelContext().getExecutorServiceManager().shutdownGraceful(lane.pool());
        }
    }
}
