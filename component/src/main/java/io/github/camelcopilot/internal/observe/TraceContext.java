package io.github.camelcopilot.internal.observe;

import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Message;

/**
 * The W3C trace context of a message, forwarded onto the Graph request ({@code propagateTraceContext}). Only values
 * of the W3C shape are forwarded, so that a header cannot smuggle anything else onto the request.
 */
final class TraceContext {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    /** {@code version-traceid-parentid-flags} in lower-case hex, at most 128 characters (later versions add more). */
    private static final Pattern PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f-]{2,75}");
    /** Visible ASCII, at most 512 characters. */
    private static final Pattern STATE = Pattern.compile("[\\x20-\\x7e]{1,512}");

    private TraceContext() {
    }

    /** The headers to forward, empty when the message has no valid {@code traceparent}. */
    static Map<String, String> of(Message message) {
        String parent = message.getHeader(TRACEPARENT) instanceof String s ? s.trim() : null;
        if (parent == null || !PARENT.matcher(parent).matches()) {
            return Map.of();
        }
        String state = message.getHeader(TRACESTATE) instanceof String s ? s.trim() : null;
        return state == null || !STATE.matcher(state).matches()
                ? Map.of(TRACEPARENT, parent) : Map.of(TRACEPARENT, parent, TRACESTATE, state);
    }
}
