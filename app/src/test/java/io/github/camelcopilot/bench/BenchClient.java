package io.github.camelcopilot.bench;

import java.util.concurrent.CompletableFuture;

/** One way of calling the API that the benchmark compares. */
interface BenchClient extends AutoCloseable {

    /** The operations, each one HTTP call to the server. */
    enum Operation {
        CREATE("create"), CHAT("chat"), STREAM("chatOverStream"),
        /**
         * chatOverStream timed to its first update (the component: final mode with an updateUri, the update as the
         * route's consumer gets it; a raw client: its first parsed event).
         */
        FIRST_UPDATE("chatOverStream, first update"),
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

    /** The server front this client talks to. */
    BenchServer.Front front();

    /** Whether this client is a raw HTTP client (a reference) rather than a Camel route. */
    default boolean isRaw() {
        return false;
    }

    default boolean supports(Operation operation) {
        return operation != Operation.STREAM_DELTAS;
    }

    /**
     * Starts one call. Completes with the conversation id (create) or the complete reply text (streams and chat),
     * which the driver checks, so a client cannot skip work. A stream's first update is recorded on
     * {@code firstUpdate} when it is not null.
     */
    CompletableFuture<String> call(Operation operation, FirstUpdate firstUpdate);

    /**
     * Whether {@link #call} blocks the calling thread until the answer is there (then the driver gives each
     * in-flight call a thread of its own, as a user of such a client has to).
     */
    boolean blocksCaller();

    /** Releases the client's threads and connections; may be called more than once. */
    @Override
    void close() throws Exception;
}
