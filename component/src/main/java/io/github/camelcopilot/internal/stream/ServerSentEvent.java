package io.github.camelcopilot.internal.stream;

/**
 * One server-sent event as framed on the wire: the joined {@code data:} lines, the last {@code id:} and the
 * {@code event:} type (null when absent).
 */
public record ServerSentEvent(String id, String event, String data) {

    @Override
    public String toString() {
        // The data is a conversation snapshot holding the prompt and the reply: never print it.
        return "ServerSentEvent[id=" + id + ", event=" + event + ", dataLength=" + data.length() + "]";
    }
}
