package io.github.camelcopilot.internal.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the calls of one exchange add to its {@code copilot:} span, kept in an exchange property until
 * {@link CopilotSpanDecorator} writes it when the span ends (camel-telemetry lets a decorator touch the span only as
 * it begins and ends: the events carry, as attributes, when they happened). Written from I/O and scheduler threads,
 * read on the route's thread. Holds ids and bounded values only; the prompt and reply only as captured content when
 * {@code traceContent} is on. Its {@link #toString()} says nothing of them.
 */
final class SpanRecord {

    /** The exchange property holding it. */
    static final String PROPERTY = "CamelCopilotSpanRecord";

    private final Map<String, String> attributes = new ConcurrentHashMap<>();
    private final List<Map<String, String>> events = new ArrayList<>();
    private final boolean captureContent;

    SpanRecord(boolean captureContent) {
        this.captureContent = captureContent;
    }

    boolean captureContent() {
        return captureContent;
    }

    void put(String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }

    void event(Map<String, String> event) {
        synchronized (events) {
            events.add(event);
        }
    }

    Map<String, String> attributes() {
        return attributes;
    }

    List<Map<String, String>> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public String toString() {
        return "CopilotSpanRecord[" + attributes.size() + " attributes, " + events().size() + " events]";
    }
}
