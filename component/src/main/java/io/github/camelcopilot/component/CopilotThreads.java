package io.github.camelcopilot.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.ObjectHelper;
import org.apache.camel.util.concurrent.CamelThreadFactory;

/**
 * The threads the component owns, all made by Camel's {@link ExecutorServiceManager} (so they carry Camel's thread
 * names and show in its management) and all bounded, with unbounded queues: work waits for a thread, it is never
 * refused. Which pool runs what, and which option sizes it: the Threads table of the component page.
 */
final class CopilotThreads {

    static final String ROUTE = "CopilotRoute";
    static final String STREAM_READER = "CopilotStreamReader";
    static final String HTTP = "CopilotHttp";
    static final String SIGN_IN = "CopilotSignIn";
    static final String SCHEDULER = "CopilotScheduler";
    /** Reading, writing and parsing only: one thread per core is all they can use. */
    static final int DEFAULT_HTTP_THREADS = Runtime.getRuntime().availableProcessors();
    /** Each waits on one token-endpoint call at a time; more sign-ins at once queue. */
    static final int DEFAULT_SIGN_IN_THREADS = 4;
    static final int DEFAULT_STREAM_READER_THREADS = 20;

    private final Object source;
    private final CamelContext context;
    private final int httpThreads;
    private final int signInThreads;
    private final int streamReaderThreads;
    /** Pools made here: the default route pool, one per named profile, the stream readers, the sign-in pool. */
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
    /** What each executorService name resolved to: a bean of the user's, or one of the pools above. */
    private final Map<String, Executor> named = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    CopilotThreads(Object source, CamelContext context, int httpThreads, int signInThreads, int streamReaderThreads) {
        this.source = source;
        this.context = context;
        this.httpThreads = httpThreads;
        this.signInThreads = signInThreads;
        this.streamReaderThreads = streamReaderThreads;
    }

    private ExecutorServiceManager manager() {
        return context.getExecutorServiceManager();
    }

    /**
     * Where the route continues after a call. Null or empty: the component's shared pool. Otherwise, as in Camel's
     * EIPs, an ExecutorService bean of that name (the user's, never shut down here) or a thread-pool profile of that
     * id, from which a pool of the component's is made (shared by the endpoints naming it).
     */
    Executor routeExecutor(String executorService) {
        if (ObjectHelper.isEmpty(executorService)) {
            return pools.computeIfAbsent(ROUTE, name -> unboundedQueue(manager().getDefaultThreadPoolProfile(), name));
        }
        return named.computeIfAbsent(executorService.trim(), id -> {
            ExecutorService bean = context.getRegistry().lookupByNameAndType(id, ExecutorService.class);
            if (bean != null) {
                // A bean's queue is the user's choice: what it refuses runs on the component's pool, never on the
                // thread that completed the call.
                Executor fallback = routeExecutor(null);
                return task -> execute(bean, task, fallback);
            }
            ThreadPoolProfile profile = manager().getThreadPoolProfile(id);
            if (profile == null) {
                throw CopilotEndpoint.invalid("executorService '" + id + "' is neither an ExecutorService bean nor a"
                                              + " thread-pool profile id");
            }
            String name = ROUTE + "-" + id;
            return pools.computeIfAbsent(name, ignored -> unboundedQueue(profile, name));
        });
    }

    /**
     * A pool with the profile's size (its larger size: with an unbounded queue a JDK pool never grows past its core)
     * whose queue never refuses a task, so that a busy pool slows the routes instead of failing them.
     */
    private ExecutorService unboundedQueue(ThreadPoolProfile profile, String name) {
        ThreadPoolProfile bounded = profile.clone();
        bounded.addDefaults(manager().getDefaultThreadPoolProfile());
        int threads = Math.max(1, Math.max(bounded.getPoolSize(), bounded.getMaxPoolSize()));
        return fixed(name, threads);
    }

    /** Threads for routes that read an iterator body: one per stream being read. */
    Executor streamReaders() {
        return pools.computeIfAbsent(STREAM_READER, name -> fixed(name, streamReaderThreads));
    }

    /** Names the transport's I/O threads as Camel names its own; they are daemons and end with their transport. */
    ThreadFactory ioThreads() {
        return new CamelThreadFactory(manager().getThreadNamePattern(), HTTP, true);
    }

    int httpThreads() {
        return httpThreads;
    }

    ExecutorService signInExecutor() {
        return pools.computeIfAbsent(SIGN_IN, name -> fixed(name, signInThreads));
    }

    /** {@code threads} threads that end when idle for a minute, and an unbounded queue. */
    private ExecutorService fixed(String name, int threads) {
        ThreadPoolProfile profile = new ThreadPoolProfile(name);
        profile.setPoolSize(threads);
        profile.setMaxPoolSize(threads);
        profile.setKeepAliveTime(60L);
        profile.setTimeUnit(TimeUnit.SECONDS);
        profile.setAllowCoreThreadTimeOut(true);
        profile.setMaxQueueSize(Integer.MAX_VALUE);
        return manager().newThreadPool(source, name, profile);
    }

    /**
     * One thread, and no limit on waiting tasks: every open stream keeps an idle timer here, and Camel's default
     * limit (1,000) would refuse the timers of the thousand-and-first stream.
     */
    synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            ThreadPoolProfile profile = new ThreadPoolProfile(SCHEDULER);
            profile.setPoolSize(1);
            profile.setMaxPoolSize(1);
            profile.setKeepAliveTime(0L);
            profile.setAllowCoreThreadTimeOut(false);
            profile.setMaxQueueSize(-1); // unlimited (Camel's scheduled pools cancel-and-remove their timers)
            scheduler = manager().newScheduledThreadPool(source, SCHEDULER, profile);
        }
        return scheduler;
    }

    /**
     * Runs the task on the executor; when the executor is shut down (a stop under way) on this thread instead, so
     * that an exchange still completes.
     */
    static void execute(Executor executor, Runnable task) {
        execute(executor, task, Runnable::run);
    }

    /** Runs the task on the executor, or on {@code otherwise} when the executor refuses it. */
    static void execute(Executor executor, Runnable task, Executor otherwise) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            otherwise.execute(task);
        }
    }

    /** Ends the pools; they are made afresh if the component starts again. */
    void stop() {
        // Graceful first: the exchanges just failed continue on these pools and must get to complete.
        List<ExecutorService> owned = new ArrayList<>(pools.values());
        pools.clear();
        named.clear();
        owned.forEach(pool -> manager().shutdownGraceful(pool));
        synchronized (this) {
            if (scheduler != null) {
                manager().shutdownNow(scheduler);
                scheduler = null;
            }
        }
    }
}
