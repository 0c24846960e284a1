package io.github.camelcopilot.internal.stream;

/**
 * Receives a stream's events on the HTTP client's thread. Exactly one of {@link #onEnd()} and
 * {@link #onError(Throwable)} is called, once, unless the consumer cancelled the stream itself.
 */
public interface StreamListener {

    /** The next event. Runtime exceptions thrown here fail the stream. */
    void onEvent(ServerSentEvent event);

    /** Whether more bytes may be read now; false pauses reading until {@link SseBodyReader#resume()}. */
    default boolean hasCapacity() {
        return true;
    }

    /** The server closed the stream cleanly and every event has been delivered. */
    void onEnd();

    /** A broken connection, an idle timeout, a format error or a failing listener. */
    void onError(Throwable error);
}
