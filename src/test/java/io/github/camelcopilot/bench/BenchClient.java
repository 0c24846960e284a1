package io.github.camelcopilot.bench;

import java.util.concurrent.CompletableFuture;

/** One way of calling the API that the benchmark compares. */
interface BenchClient extends AutoCloseable {

    /** The three operations, each one HTTP call to the server. */
    enum Operation {
        CREATE("create"), CHAT("chat"), STREAM("chatOverStream"),
        /** chatOverStream with every update delivered on its own (the component: final mode with an updateUri). */
        STREAM_UPDATES("streams, every update relayed"),
        /** chatOverStream read as an iterator of deltas (the component: deltas mode with a streaming split). */
        STREAM_DELTAS("streams, iterator + split");

        final String label;

        Operation(String label) {
            this.label = label;
        }
    }

    String name();

    /**
     * Starts one call. Completes with the conversation id (create) or the complete reply text (chat, stream), which
     * the driver checks, so a client cannot skip work.
     */
    CompletableFuture<String> call(Operation operation);

    /**
     * Whether {@link #call} blocks the calling thread until the answer is there (then the driver gives each
     * in-flight call a thread of its own, as a user of such a client has to).
     */
    boolean blocksCaller();

    @Override
    void close() throws Exception;
}
