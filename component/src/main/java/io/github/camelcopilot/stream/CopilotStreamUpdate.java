package io.github.camelcopilot.stream;

import io.github.camelcopilot.model.CopilotConversation;

/**
 * One step of a streamed answer, derived from the service's cumulative snapshots.
 * <p>
 * Concatenating the {@link #getDelta() deltas} gives the answer, except where an update is a
 * {@link #isReplacement() replacement}: the service rewrote text it had already sent (a citation marker or an
 * entity tag inserted), so the delta is then the whole new text and replaces everything before it. The update
 * with {@link #isLast() last} set carries the authoritative final answer in {@link #getText() text}.
 */
public final class CopilotStreamUpdate {

    private final String delta;
    private final String text;
    private final boolean replacement;
    private final boolean last;
    private final boolean recovered;
    private final String eventId;
    private final CopilotConversation conversation;

    public CopilotStreamUpdate(String delta, String text, boolean replacement, boolean last, boolean recovered,
                               String eventId, CopilotConversation conversation) {
        this.delta = delta;
        this.text = text;
        this.replacement = replacement;
        this.last = last;
        this.recovered = recovered;
        this.eventId = eventId;
        this.conversation = conversation;
    }

    /** What follows the text so far, or the whole new text for a replacement. */
    public String getDelta() {
        return delta;
    }

    /** The full answer so far. */
    public String getText() {
        return text;
    }

    /** Earlier text was rewritten: discard what you have and use {@link #getDelta()} (= text). */
    public boolean isReplacement() {
        return replacement;
    }

    /** The final update: its text is the authoritative answer. */
    public boolean isLast() {
        return last;
    }

    /** The final event did not parse: this answer was recovered from its readable part or the last good snapshot. */
    public boolean isRecovered() {
        return recovered;
    }

    /** The {@code id:} of the event this update came from, or null. */
    public String getEventId() {
        return eventId;
    }

    /** The text a reader has after applying this update to {@code textSoFar}: appended, or replacing it. */
    public String applyTo(String textSoFar) {
        return replacement ? delta : textSoFar + delta;
    }

    /** The snapshot this update came from (the final conversation for the last update). */
    public CopilotConversation getConversation() {
        return conversation;
    }

    /** The conversation id, or null when the snapshot lacked it. */
    public String getConversationId() {
        return conversation == null ? null : conversation.getId();
    }

    @Override
    public String toString() {
        return "CopilotStreamUpdate[eventId=" + eventId + ", deltaLength=" + delta.length() + ", textLength="
               + text.length() + ", replacement=" + replacement + ", last=" + last + ", recovered=" + recovered + "]";
    }
}
