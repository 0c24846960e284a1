package io.github.camelcopilot.component;

import java.util.Locale;

/** What {@code chatOverStream} returns; the option's values are {@code deltas}, {@code snapshots} and {@code final}. */
public enum CopilotStreamMode {
    /** A lazy iterator of CopilotStreamUpdate: new text, full text so far, replacement and last flags. */
    DELTAS,
    /** A lazy iterator of each CopilotConversation snapshot as the service sent it. */
    SNAPSHOTS,
    /** The reply text once the stream ends, like chat; updates go to updateUri while it runs. */
    FINAL;

    /** Reads the option value, case-insensitively. */
    public static CopilotStreamMode of(String value) {
        if (value == null || value.isBlank()) {
            return DELTAS;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("streamMode must be deltas, snapshots or final, not '" + value + "'");
        }
    }
}
