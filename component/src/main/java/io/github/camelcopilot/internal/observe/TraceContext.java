package io.github.camelcopilot.internal.observe;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Message;

/**
 * The W3C trace context of a message, forwarded onto the Graph request ({@code propagateTraceContext}): the
 * {@code traceparent} and {@code tracestate} headers that Camel's tracing (camel-telemetry, camel-opentelemetry2)
 * puts on the message before it reaches a {@code copilot:} endpoint, or that an inbound request carried. Only values
 * of the W3C shape are forwarded (visible ASCII, bounded length), so a header cannot smuggle anything else onto the
 * request.
 */
final class TraceContext {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final int MAX_TRACEPARENT = 128;
    private static final int MAX_TRACESTATE = 512;

    private TraceContext() {
    }

    /** The headers to forward, empty when the message has no valid {@code traceparent}. */
    static Map<String, String> of(Message message) {
        String parent = message.getHeader(TRACEPARENT) instanceof String s ? s.trim() : null;
        if (!validParent(parent)) {
            return Map.of();
        }
        String state = message.getHeader(TRACESTATE) instanceof String s ? s.trim() : null;
        if (state == null || state.isEmpty() || state.length() > MAX_TRACESTATE || !visibleAscii(state)) {
            return Map.of(TRACEPARENT, parent);
        }
        Map<String, String> headers = new HashMap<>(4);
        headers.put(TRACEPARENT, parent);
        headers.put(TRACESTATE, state);
        return headers;
    }

    /** {@code version-traceid-parentid-flags}: lower-case hex fields, 55 characters for version 00. */
    static boolean validParent(String value) {
        if (value == null || value.length() < 55 || value.length() > MAX_TRACEPARENT) {
            return false;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean visibleAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
