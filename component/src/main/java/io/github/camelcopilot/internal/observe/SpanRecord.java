package io.github.camelcopilot.internal.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the calls of one exchange add to its {@code copilot:} span, kept in an exchange property until
 * {@link CopilotSpanDecorator} writes it as the span ends: camel-telemetry lets a decorator touch the span only as it
 * begins and ends, so the events carry when they happened as attributes. Written from I/O and scheduler threads.
 */
final class SpanRecord {

    static final String PROPERTY = "CamelCopilotSpanRecord";

    private final Map<String, String> attributes = new ConcurrentHashMap<>();
    private final List<Map<String, String>> events = new CopyOnWriteArrayList<>();
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
        events.add(event);
    }

    Map<String, String> attributes() {
        return attributes;
    }

    List<Map<String, String>> events() {
        return events;
    }

    @Override
    public String toString() {
        return "CopilotSpanRecord[" + attributes.size() + " attributes, " + events.size() + " events]";
    }
}
