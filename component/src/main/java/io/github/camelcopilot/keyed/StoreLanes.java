package io.github.camelcopilot.keyed;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.IntSupplier;

import io.github.camelcopilot.store.CopilotConversationStore;
import org.apache.camel.Component;

/**
 * What the endpoints of a component that use one conversation store share, from the first of them that starts to the
 * last that stops: the order of each key's turns, so that two endpoints never run turns of one key at once in this
 * JVM, and, for a blocking store, the pool its calls run on. That pool bounds the store's calls (a JDBC store's
 * connections) at once; waiting calls queue, they are never refused.
 */
public final class StoreLanes {

    /** The name of a blocking store's threads. */
    public static final String POOL = "CopilotConversationStore";

    private final Component owner;
    private final IntSupplier poolSize;
    private final Map<CopilotConversationStore, Lane> lanes = new IdentityHashMap<>();

    /** @param poolSize the threads of each blocking store's pool, read when the pool is made */
    public StoreLanes(Component owner, IntSupplier poolSize) {
        this.owner = owner;
        this.poolSize = poolSize;
    }

    /** A store's key order and pool (null for a store that does not block), and how many endpoints use them. */
    static final class Lane {
        final KeySequencer sequencer = new KeySequencer();
        final ExecutorService pool;
        int users;

        Lane(ExecutorService pool) {
            this.pool = pool;
        }
    }

    synchronized Lane acquire(CopilotConversationStore store) {
        Lane lane = lanes.computeIfAbsent(store, ignored -> new Lane(store.isBlocking()
                ? owner.getCamelContext().getExecutorServiceManager().newFixedThreadPool(owner, POOL,
                        poolSize.getAsInt())
                : null));
        lane.users++;
        return lane;
    }

    void release(CopilotConversationStore store, Lane lane) {
        synchronized (this) {
            if (--lane.users > 0) {
                return;
            }
            lanes.remove(store, lane);
        }
        if (lane.pool != null) {
            // Graceful: a queued store call completes the turn of an exchange that is failing or ending.
            owner.getCamelContext().getExecutorServiceManager().shutdownGraceful(lane.pool);
        }
    }
}
