package io.github.camelcopilot.internal.stream;

import io.github.camelcopilot.stream.CopilotStreamUpdate;

import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.CopilotConversation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the service's cumulative snapshots into updates.
 * <p>
 * Each event holds a whole {@code copilotConversation}: empty ones ({@code messages: []}), progress ones whose
 * only message is the reply so far, and a final one holding the prompt echo and the complete reply, like the
 * synchronous response. Text normally grows, but the service also rewrites what it sent (citation markers and
 * entity tags inserted after the fact); such a change becomes a replacement update instead of a garbled delta.
 * An event whose JSON does not parse does not end the stream: its readable part is recovered, and if the final
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

    public SnapshotTracker(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Takes the next event. Returns the update it produces, or null when it changed nothing (an empty snapshot,
     * the same text again, an unreadable event, anything after the final answer).
     */
    public CopilotStreamUpdate accept(ServerSentEvent event) {
        events++;
        lastEventId = event.id();
        lastAccepted = null;
        if (finalConversation != null) {
            LOG.debug("Ignoring event {} after the final answer", event.id());
            return null;
        }
        boolean[] recovered = new boolean[1];
        CopilotConversation snapshot = parse(event, recovered);
        if (snapshot == null) {
            return null;
        }
        lastAccepted = snapshot;
        lastRead = snapshot;
        if (snapshot.isDisengagedForRai() && !isFinal(snapshot)) {
            // Responsible-AI filtering closed the conversation: a lone message then is the prompt echo, no answer.
            LOG.debug("Event {}: the conversation is {} without a reply", event.id(), snapshot.getState());
            return null;
        }
        if (snapshot.getReplyText() != null) {
            lastAnswer = snapshot;
        }
        boolean last = isFinal(snapshot);
        if (last) {
            finalConversation = snapshot;
        }
        String text = snapshot.getReplyText();
        if (text == null || text.equals(emittedText)) {
            return last ? emit("", emittedText, false, true, recovered[0], event.id(), snapshot) : null;
        }
        if (startsWith(text, emittedText)) {
            return emit(text.substring(emittedText.length()), text, false, last, recovered[0], event.id(), snapshot);
        }
        return emit(text, text, true, last, recovered[0], event.id(), snapshot);
    }

    /** The snapshot read from the last accepted event, or null when it was unreadable or ignored. */
    public CopilotConversation lastAccepted() {
        return lastAccepted;
    }

    /** The last snapshot read, whatever its shape (null before the first): says how a stream without an answer ended. */
    public CopilotConversation lastRead() {
        return lastRead;
    }

    /**
     * Called when the stream ended cleanly. Returns the last update when the final event never parsed (the answer
     * is then the best one recovered), null when the final update was already produced.
     *
     * @throws SseFormatException when the stream ended without any answer, or before the final event without a
     *                            malformed event that could have been it (a cut-off answer is not passed off as
     *                            complete)
     */
    public CopilotStreamUpdate finish() throws SseFormatException {
        if (finalUpdate != null) {
            return null;
        }
        if (lastAnswer == null || lastAnswer.getReplyText() == null) {
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
        String text = lastAnswer.getReplyText();
        finalConversation = lastAnswer;
        boolean replacement = !startsWith(text, emittedText);
        String delta = replacement ? text : text.substring(emittedText.length());
        return emit(delta, text, replacement, true, true, lastEventId, lastAnswer);
    }

    /** The final conversation (possibly recovered), once the stream has finished. */
    public CopilotConversation finalConversation() {
        return finalConversation;
    }

    /** The final update, once produced. */
    public CopilotStreamUpdate finalUpdate() {
        return finalUpdate;
    }

    public int events() {
        return events;
    }

    /** The conversation's id, state and turn as the last readable event gave them, for a failure's message. */
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

    /** The final event is the one shaped like the synchronous response: the prompt echo and the reply. */
    private static boolean isFinal(CopilotConversation snapshot) {
        return snapshot.hasCompleteTurn();
    }

    private CopilotConversation parse(ServerSentEvent event, boolean[] recovered) {
        try {
            return mapper.readValue(event.data(), CopilotConversation.class);
        } catch (JsonProcessingException e) {
            malformedEvents++;
            CopilotConversation readable = readablePart(event.data());
            // Only a prefix that reached the reply (after the prompt echo) is trusted: a lone message might be
            // the echo, and passing the prompt off as the answer would be garbage.
            if (readable == null || !isFinal(readable) || readable.getReplyText() == null) {
                LOG.warn("Stream event {} is not valid JSON and holds no readable answer; skipping it ({} chars)",
                        event.id(), event.data().length());
                return null;
            }
            LOG.warn("Stream event {} is not valid JSON; recovered the answer from its readable part", event.id());
            recovered[0] = true;
            return readable;
        }
    }

    private CopilotConversation readablePart(String data) {
        JsonNode prefix = PartialJson.readPrefix(mapper, data);
        if (prefix == null) {
            return null;
        }
        try {
            return mapper.treeToValue(prefix, CopilotConversation.class);
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    private CopilotStreamUpdate emit(String delta, String text, boolean replacement, boolean last, boolean recovered,
                                     String eventId, CopilotConversation snapshot) {
        emittedText = Objects.requireNonNull(text);
        CopilotStreamUpdate update = new CopilotStreamUpdate(delta, text, replacement, last, recovered, eventId, snapshot);
        if (last) {
            finalUpdate = update;
        }
        return update;
    }
}
