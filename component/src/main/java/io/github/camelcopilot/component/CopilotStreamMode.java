package io.github.camelcopilot.component;

import java.util.Locale;

/**
 * What {@code chatOverStream} returns. Upper case because {@code final} is a Java keyword; the option takes any case
 * ({@code deltas}, {@code snapshots}, {@code final} as documented), as Camel converts text to an enum.
 */
public enum CopilotStreamMode {
    /** A lazy iterator of CopilotStreamUpdate: new text, full text so far, replacement and last flags. */
    DELTAS,
    /** A lazy iterator of each CopilotConversation snapshot as the service sent it. */
    SNAPSHOTS,
    /** The reply text once the stream ends, like chat; updates go to updateUri while it runs. */
    FINAL;

    /** The option's documented spelling, as the descriptor lists it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
