package io.github.camelcopilot.internal.keyed;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs the turns of one key one after another, and turns of different keys independently. A waiting turn is a
 * continuation chained onto the previous turn's completion, not a parked thread; a key whose last turn has finished
 * leaves nothing behind. A turn that fails, in any way, still lets the next one start.
 */
final class KeySequencer {

    /** The completion of each key's most recently submitted turn. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /**
     * Starts {@code turn} once every turn submitted before for {@code key} has completed: at once when none is
     * running, else on {@code executor} (never a deep stack), or inline when the executor refuses (stopping): a waiting
     * turn must still start, and then fail. The key is held until the stage the turn returns completes.
     */
    void submit(String key, Executor executor, Supplier<? extends CompletionStage<?>> turn) {
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
            previous[0].whenCompleteAsync((result, error) -> start.run(), task -> {
                try {
                    executor.execute(task);
                } catch (RejectedExecutionException e) {
                    task.run();
                }
            });
        }
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
}
