package io.github.camelcopilot.simulator;

import java.util.ArrayList;
import java.util.List;

/** Splits a raw {@code text/event-stream} body into events (lines up to a blank line), keeping every line verbatim. */
final class EventStreamParser {

    /** One event's lines; {@code data} is the {@code data:} line's value, {@code idLine} the raw {@code id} line. */
    record RawEvent(List<String> lines) {

        String data() {
            return lines.get(0).substring("data: ".length());
        }

        String idLine() {
            return lines.get(lines.size() - 1);
        }

        int id() {
            return Integer.parseInt(idLine().substring("id:".length()).trim());
        }
    }

    private EventStreamParser() {
    }

    static List<RawEvent> parse(String raw) {
        if (!raw.endsWith("\n\n")) {
            throw new IllegalArgumentException("stream does not end with a blank line: ..."
                                               + raw.substring(Math.max(0, raw.length() - 80)));
        }
        List<RawEvent> events = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String line : raw.split("\n", -1)) {
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    events.add(new RawEvent(List.copyOf(lines)));
                    lines.clear();
                }
            } else {
                lines.add(line);
            }
        }
        return events;
    }
}
