package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Writes one turn as {@code chatOverStream} sends it: server-sent events, each a {@code data:} line with a whole
 * conversation snapshot, an {@code id:} line and a blank line, written and flushed one event at a time. The sequence
 * is two empty events, the growing reply (with a rewrite part-way), one more empty event and the final answer.
 */
final class EventStreamWriter {

    private static final ObjectMapper MAPPER = SimulatorJson.mapper();
    /** Splits the malformed final event's adaptive card over lines, with "\n" whatever the platform. */
    private static final ObjectWriter MULTI_LINE = MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private static final int LEADING_EMPTY_EVENTS = 2;
    private static final Duration PARTIAL_EVENT_GRACE = Duration.ofMillis(50);

    private final ConversationJson json;
    private final Duration eventDelay;

    EventStreamWriter(ConversationJson json, Duration eventDelay) {
        this.json = json;
        this.eventDelay = eventDelay;
    }

    /**
     * Streams the turn to {@code out}. {@code fault} is null, {@link Fault.Kind#TRUNCATED_STREAM} (break off in the
     * middle of an event: throws {@link ConnectionAbort}) or {@link Fault.Kind#MALFORMED_FINAL_EVENT}.
     */
    void write(OutputStream out, ApiRoute.Layout layout, SimulatedConversation.Turn turn, Fault.Kind fault)
            throws IOException {
        List<String> progressTexts = SimulatorReplies.streamTextsFor(turn.prompt());
        // Index of the event a truncated stream breaks off in: in the middle of the progress events.
        int truncateAt = fault == Fault.Kind.TRUNCATED_STREAM ? LEADING_EMPTY_EVENTS + progressTexts.size() / 2 : -1;

        List<String> intermediateTexts = new ArrayList<>();
        for (int i = 0; i < LEADING_EMPTY_EVENTS; i++) {
            intermediateTexts.add(null);
        }
        intermediateTexts.addAll(progressTexts);
        intermediateTexts.add(null);

        Instant eventTime = null;
        int eventId = 0;
        for (String replyText : intermediateTexts) {
            // The real service stamps each intermediate snapshot anew.
            eventTime = GraphTime.after(eventTime);
            String data = MAPPER.writeValueAsString(json.intermediate(layout, turn, eventTime, replyText));
            byte[] event = event(data, ++eventId);
            if (eventId - 1 == truncateAt) {
                writeAndFlush(out, Arrays.copyOf(event, event.length / 2));
                // Give the half event time to reach the client before the break, or the client may report the broken
                // connection first and never hand the partial bytes to its reader.
                Pauses.sleep(PARTIAL_EVENT_GRACE);
                throw new ConnectionAbort("truncated stream fault");
            }
            writeAndFlush(out, event);
            pauseBetweenEvents();
        }
        writeAndFlush(out, event(finalEventData(layout, turn, fault == Fault.Kind.MALFORMED_FINAL_EVENT), ++eventId));
    }

    /** The final snapshot, on one line; or, malformed, with its adaptive card spilling over lines. */
    private String finalEventData(ApiRoute.Layout layout, SimulatedConversation.Turn turn, boolean malformed)
            throws IOException {
        if (!malformed) {
            return MAPPER.writeValueAsString(json.completedTurn(layout, turn, ConversationJson.emptyCard()));
        }
        // The card comes after the reply's text in the JSON, so the data: line alone still holds the whole text.
        JsonNode card = ConversationJson.fullCard(turn.replyText());
        String oneLine = MAPPER.writeValueAsString(json.completedTurn(layout, turn, card));
        return oneLine.replace(MAPPER.writeValueAsString(card), MULTI_LINE.writeValueAsString(card));
    }

    /** {@code data: <json>}, an id line, a blank line. */
    private static byte[] event(String data, int id) {
        return ("data: " + data + "\n" + idLine(id) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The id line in the spellings the real service mixes: {@code id:1}, {@code id:2 }, {@code id: 3 }. */
    static String idLine(int id) {
        return switch (id % 3) {
            case 0 -> "id: " + id + " ";
            case 1 -> "id:" + id;
            default -> "id:" + id + " ";
        };
    }

    private static void writeAndFlush(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void pauseBetweenEvents() throws IOException {
        if (!eventDelay.isZero()) {
            Pauses.sleep(eventDelay);
        }
    }
}
