package io.github.camelcopilot.component;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs the turns of one key one after another, and turns of different keys independently. A waiting turn is a
 * continuation chained onto the previous turn's completion, not a parked thread; a key whose last turn has finished
 * leaves nothing behind. A turn that fails, in any way, still lets the next one start.
 */
final class KeySequencer {

    /** The completion of each key's most recently submitted turn. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Executor executor;

    /** @param executor where a turn that had to wait starts (never the thread that completed the one before) */
    KeySequencer(Executor executor) {
        this.executor = executor;
    }

    /**
     * Starts {@code turn} once every turn submitted before for {@code key} has completed: at once when none is
     * running. The key is held until the stage the turn returns completes.
     */
    void submit(String key, Supplier<? extends CompletionStage<?>> turn) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<?>[] previous = new CompletableFuture<?>[1];
        tails.compute(key, (ignored, tail) -> {
            previous[0] = tail;
            return mine;
        });
        Runnable start = () -> run(key, turn, mine);
        if (previous[0] == null) {
            start.run();
        } else {
            // Async: a long queue of turns that finish at once must not grow one thread's stack.
            previous[0].whenCompleteAsync((result, error) -> start.run(), this::execute);
        }
    }

    /** On the executor; on this thread when it refuses (stopping): a waiting turn must still start, and then fail. */
    private void execute(Runnable task) {
        CopilotThreads.execute(executor, task);
    }

    private void run(String key, Supplier<? extends CompletionStage<?>> turn, CompletableFuture<Void> mine) {
        CompletionStage<?> running;
        try {
            running = turn.get();
        } catch (RuntimeException | Error e) {
            running = CompletableFuture.failedFuture(e);
        }
        if (running == null) {
            running = CompletableFuture.completedFuture(null);
        }
        running.whenComplete((result, error) -> {
            tails.remove(key, mine); // only when no later turn queued behind this one
            mine.complete(null);
        });
    }

    /** The keys with a turn running or waiting. */
    int activeKeys() {
        return tails.size();
    }
}
