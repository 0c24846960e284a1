package io.github.camelcopilot.internal.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the service's cumulative snapshots into updates.
 * <p>
 * Each event holds a whole {@code copilotConversation}: empty ones, progress ones whose only message is the reply so
 * far, and a final one shaped like the synchronous response (the prompt echo and the reply). The service also
 * rewrites text it sent (citation markers, entity tags): such a change becomes a replacement update, not a garbled
 * delta. An event whose JSON does not parse does not end the stream: its readable part is recovered, and if the final
 * event is lost that way the last good snapshot stands in for it. Not thread-safe: one tracker per stream.
 */
public final class SnapshotTracker {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTracker.class);

    private final ObjectMapper mapper;
    private String emittedText = "";
    /** The last snapshot that held reply text: what a lost final event falls back to. */
    private CopilotConversation lastAnswer;
    private CopilotConversation lastAccepted;
    /** The last snapshot read, whatever its shape: its id and state explain a stream that ends without an answer. */
    private CopilotConversation lastRead;
    private CopilotConversation finalConversation;
    private CopilotStreamUpdate finalUpdate;
    private String lastEventId;
    private int events;
    private int malformedEvents;
    /** Whether the event being accepted was recovered from its readable part. */
    private boolean eventRecovered;

    public SnapshotTracker(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Takes the next event. Returns its update, or null when it changed nothing (an empty snapshot, the same text
     * again, an unreadable event, anything after the final answer).
     */
    public CopilotStreamUpdate accept(ServerSentEvent event) {
        events++;
        lastEventId = event.id();
        lastAccepted = null;
        if (finalConversation != null) {
            LOG.debug("Ignoring event {} after the final answer", event.id());
            return null;
        }
        CopilotConversation snapshot = parse(event);
        if (snapshot == null) {
            return null;
        }
        lastAccepted = snapshot;
        lastRead = snapshot;
        boolean last = snapshot.hasCompleteTurn();
        if (snapshot.isDisengagedForRai() && !last) {
            // Responsible-AI filtering closed the conversation: a lone message then is the prompt echo, no answer.
            LOG.debug("Event {}: the conversation is {} without a reply", event.id(), snapshot.getState());
            return null;
        }
        String text = snapshot.getReplyText();
        if (text != null) {
            lastAnswer = snapshot;
        }
        if (last) {
            finalConversation = snapshot;
        }
        if (text == null || text.equals(emittedText)) {
            return last ? emit(emittedText, true, eventRecovered, event.id(), snapshot) : null;
        }
        return emit(text, last, eventRecovered, event.id(), snapshot);
    }

    /** The snapshot of the last accepted event, or null when it was unreadable or ignored. */
    public CopilotConversation lastAccepted() {
        return lastAccepted;
    }

    public CopilotConversation lastRead() {
        return lastRead;
    }

    /**
     * The stream ended cleanly. Returns the last update when the final event never parsed (the best answer recovered),
     * null when the final update was already produced.
     *
     * @throws SseFormatException when the stream ended without any answer, or before the final event without a
     *                            malformed event that could have been it (a cut-off answer is not passed off as
     *                            complete)
     */
    public CopilotStreamUpdate finish() throws SseFormatException {
        if (finalUpdate != null) {
            return null;
        }
        if (lastAnswer == null) {
            throw new SseFormatException("the stream ended after " + events + " events without an answer"
                                         + (malformedEvents > 0 ? " (" + malformedEvents + " unreadable)" : "")
                                         + lastReadState());
        }
        if (malformedEvents == 0) {
            throw new SseFormatException("the stream ended after event " + lastEventId
                                         + " before the final answer arrived; the answer so far is incomplete"
                                         + lastReadState());
        }
        LOG.warn("The final stream event could not be read; the answer falls back to the last readable snapshot"
                 + " (event {})", lastEventId);
        finalConversation = lastAnswer;
        return emit(lastAnswer.getReplyText(), true, true, lastEventId, lastAnswer);
    }

    /** The final conversation (possibly recovered), once the stream has finished. */
    public CopilotConversation finalConversation() {
        return finalConversation;
    }

    public CopilotStreamUpdate finalUpdate() {
        return finalUpdate;
    }

    public int events() {
        return events;
    }

    private String lastReadState() {
        if (lastRead == null) {
            return "";
        }
        return " (conversation " + lastRead.getId() + ", state " + lastRead.getState() + ", turn "
               + lastRead.getTurnCount() + (lastRead.isDisengagedForRai()
                ? ": responsible-AI filtering closed the conversation, start a new one" : "") + ")";
    }

    /**
     * {@code text.startsWith(prefix)}, for snapshots that repeat a growing answer: {@code String.equals} compares
     * with vector instructions, {@code startsWith} byte by byte, which cost a tenth of a stream's client CPU.
     */
    private static boolean startsWith(String text, String prefix) {
        int length = prefix.length();
        if (length >= text.length()) {
            return length == text.length() && text.equals(prefix);
        }
        return length == 0 || text.substring(0, length).equals(prefix);
    }

    private CopilotConversation parse(ServerSentEvent event) {
        eventRecovered = false;
        try {
            return mapper.readValue(event.data(), CopilotConversation.class);
        } catch (JsonProcessingException e) {
            malformedEvents++;
            CopilotConversation readable = readablePart(event.data());
            // Only a prefix that reached the reply (after the prompt echo) is trusted: a lone message might be the
            // echo, and passing the prompt off as the answer would be garbage.
            if (readable == null || !readable.hasCompleteTurn() || readable.getReplyText() == null) {
                LOG.warn("Stream event {} is not valid JSON and holds no readable answer; skipping it ({} chars)",
                        event.id(), event.data().length());
                return null;
            }
            LOG.warn("Stream event {} is not valid JSON; recovered the answer from its readable part", event.id());
            eventRecovered = true;
            return readable;
        }
    }

    private CopilotConversation readablePart(String data) {
        JsonNode prefix = PartialJson.readPrefix(mapper, data);
        try {
            return prefix == null ? null : mapper.treeToValue(prefix, CopilotConversation.class);
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    /** The update that brings the reader from the text emitted so far to {@code text}. */
    private CopilotStreamUpdate emit(String text, boolean last, boolean recovered, String eventId,
                                     CopilotConversation snapshot) {
        boolean replacement = !startsWith(text, emittedText);
        String delta = replacement ? text : text.substring(emittedText.length());
        emittedText = text;
        CopilotStreamUpdate update = new CopilotStreamUpdate(delta, text, replacement, last, recovered, eventId,
                snapshot);
        if (last) {
            finalUpdate = update;
        }
        return update;
    }
}
