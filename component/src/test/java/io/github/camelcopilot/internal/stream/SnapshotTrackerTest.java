package io.github.camelcopilot.internal.stream;

import io.github.camelcopilot.stream.CopilotStreamUpdate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotConversationMessage;
import io.github.camelcopilot.model.CopilotJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotTrackerTest {

    private static final ObjectMapper MAPPER = CopilotJson.mapper();
    private static final String CONVERSATION_ID = "0d110e7e-2b7e-4270-a899-fd2af6fde333";
    private static final String PROMPT = "What is the secret launch codename of Project Zephyr?";
    private static final String REPLY = "The codename of **Project Zephyr** is Bluebird[^1^], according to Adele Vance.";

    private SnapshotTracker tracker;
    private int clock;

    @BeforeEach
    void setUp() {
        tracker = new SnapshotTracker(MAPPER);
    }

    // ---- JSON shaped like the real stream ------------------------------------------------------------------

    private ObjectNode conversation(String displayName, int turnCount) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("@odata.context", "https://graph.microsoft.com/beta/$metadata#microsoft.graph.copilotConversation");
        c.put("id", CONVERSATION_ID);
        // changes on every intermediate event, like the real service's
        c.put("createdDateTime", String.format("2025-09-30T15:28:%02d.1234567Z", (clock++) % 60));
        c.put("displayName", displayName);
        c.put("state", "active");
        c.put("turnCount", turnCount);
        c.putArray("messages");
        return c;
    }

    private static ObjectNode message(String id, String text) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("@odata.type", CopilotConversationMessage.ODATA_TYPE);
        m.put("id", id);
        m.put("text", text);
        m.put("createdDateTime", "2025-09-30T15:28:46.1560062Z");
        m.putArray("adaptiveCards");
        m.putArray("attributions");
        m.putNull("sensitivityLabel");
        return m;
    }

    private static ObjectNode adaptiveCard() {
        ObjectNode card = MAPPER.createObjectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", "1.5");
        ArrayNode body = card.putArray("body");
        ObjectNode block = body.addObject();
        block.put("type", "TextBlock");
        block.put("text", "[Zephyr plan.docx](https://contoso.sharepoint.com/sites/x/Zephyr%20plan.docx)");
        block.put("wrap", true);
        return card;
    }

    private ServerSentEvent empty(String id) {
        return event(id, conversation("", 0));
    }

    private ServerSentEvent progress(String id, String text) {
        ObjectNode c = conversation("", 0);
        ((ArrayNode) c.get("messages")).add(message("reply-1", text));
        return event(id, c);
    }

    private ObjectNode finalJson(String text) {
        ObjectNode c = conversation("Project Zephyr codename", 1);
        ArrayNode messages = (ArrayNode) c.get("messages");
        messages.add(message("prompt-1", PROMPT));
        ObjectNode reply = message("reply-1", text);
        ((ArrayNode) reply.get("adaptiveCards")).add(adaptiveCard());
        ObjectNode attribution = ((ArrayNode) reply.get("attributions")).addObject();
        attribution.put("attributionType", "citation");
        attribution.put("providerDisplayName", "Zephyr plan.docx");
        attribution.put("seeMoreWebUrl", "https://contoso.sharepoint.com/sites/x/Zephyr%20plan.docx");
        messages.add(reply);
        return c;
    }

    private ServerSentEvent finalEvent(String id, String text) {
        return event(id, finalJson(text));
    }

    private static ServerSentEvent event(String id, JsonNode json) {
        try {
            return new ServerSentEvent(id, null, MAPPER.writeValueAsString(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The final event's JSON cut right before the first occurrence of {@code marker} after {@code from}. */
    private String finalJsonCutBefore(String text, String marker, String from) throws Exception {
        String json = MAPPER.writeValueAsString(finalJson(text));
        int start = json.indexOf(from);
        assertThat(start).as("'%s' in the JSON", from).isGreaterThanOrEqualTo(0);
        int cut = json.indexOf(marker, start);
        assertThat(cut).as("'%s' in the JSON", marker).isGreaterThan(start);
        return json.substring(0, cut);
    }

    private List<CopilotStreamUpdate> acceptAll(ServerSentEvent... events) {
        List<CopilotStreamUpdate> updates = new ArrayList<>();
        for (ServerSentEvent event : events) {
            CopilotStreamUpdate update = tracker.accept(event);
            if (update != null) {
                updates.add(update);
            }
        }
        return updates;
    }

    @Test
    void aClosingEventWithOnlyThePromptEchoIsNoUpdateAndTheStreamEndsNamingTheState() {
        ObjectNode closed = conversation("", 1);
        closed.put("state", CopilotConversation.STATE_DISENGAGED_FOR_RAI);
        ((ArrayNode) closed.get("messages")).add(message("prompt-1", PROMPT));

        List<CopilotStreamUpdate> updates = acceptAll(empty("1"), progress("2", "The"), event("3", closed));

        assertThat(updates).extracting(CopilotStreamUpdate::getText).containsExactly("The");
        assertThatThrownBy(tracker::finish).isInstanceOf(SseFormatException.class)
                .hasMessageContaining("before the final answer").hasMessageContaining("disengagedForRai")
                .hasMessageContaining(CONVERSATION_ID).hasMessageNotContaining(PROMPT);
    }

    /** What a consumer following the documented contract ends up with. */
    private static String replay(List<CopilotStreamUpdate> updates) {
        StringBuilder text = new StringBuilder();
        for (CopilotStreamUpdate update : updates) {
            if (update.isReplacement()) {
                text.setLength(0);
            }
            text.append(update.getDelta());
        }
        return text.toString();
    }

    // ---- normal streams ------------------------------------------------------------------------------------

    @Test
    void emptySnapshotsProduceNoUpdates() {
        assertThat(tracker.accept(empty("1"))).isNull();
        assertThat(tracker.accept(empty("2"))).isNull();
        assertThat(tracker.events()).isEqualTo(2);
        assertThat(tracker.finalUpdate()).isNull();
        assertThat(tracker.finalConversation()).isNull();
    }

    @Test
    void growingTextGivesExactDeltas() {
        List<CopilotStreamUpdate> updates = acceptAll(empty("1"), empty("2"),
                progress("3", "The"), progress("4", "The codename"), progress("5", "The codename of **Project"),
                progress("6", "The codename of **Project Zephyr** is Bluebird"));

        assertThat(updates).extracting(CopilotStreamUpdate::getDelta)
                .containsExactly("The", " codename", " of **Project", " Zephyr** is Bluebird");
        assertThat(updates).extracting(CopilotStreamUpdate::getText)
                .containsExactly("The", "The codename", "The codename of **Project",
                        "The codename of **Project Zephyr** is Bluebird");
        assertThat(updates).noneMatch(CopilotStreamUpdate::isReplacement);
        assertThat(updates).noneMatch(CopilotStreamUpdate::isLast);
        assertThat(updates).noneMatch(CopilotStreamUpdate::isRecovered);
        assertThat(updates).extracting(CopilotStreamUpdate::getEventId).containsExactly("3", "4", "5", "6");
        assertThat(String.join("", updates.stream().map(CopilotStreamUpdate::getDelta).toList()))
                .isEqualTo("The codename of **Project Zephyr** is Bluebird");
    }

    @Test
    void identicalTextTwiceGivesNoUpdate() {
        assertThat(tracker.accept(progress("1", "Hello"))).isNotNull();
        // createdDateTime differs between the two snapshots, the text does not
        assertThat(tracker.accept(progress("2", "Hello"))).isNull();
        assertThat(tracker.accept(empty("3"))).isNull();
        assertThat(tracker.accept(progress("4", "Hello"))).isNull();
        assertThat(tracker.accept(progress("5", "Hello!"))).extracting(CopilotStreamUpdate::getDelta).isEqualTo("!");
    }

    @Test
    void citationMarkerInsertedInTheMiddleIsAReplacement() {
        acceptAll(progress("1", "Bluebird is the codename. It ships"));

        CopilotStreamUpdate update = tracker.accept(progress("2", "Bluebird is the codename[^1^]. It ships"));

        assertThat(update.isReplacement()).isTrue();
        assertThat(update.getDelta()).isEqualTo("Bluebird is the codename[^1^]. It ships");
        assertThat(update.getText()).isEqualTo(update.getDelta());
        assertThat(update.isLast()).isFalse();
    }

    @Test
    void entityTagWrappedAroundANameIsAReplacement() {
        acceptAll(progress("1", "Ask Adele Vance about it"));

        CopilotStreamUpdate update = tracker.accept(
                progress("2", "Ask <Person>Adele Vance</Person> about it"));

        assertThat(update.isReplacement()).isTrue();
        assertThat(update.getDelta()).isEqualTo("Ask <Person>Adele Vance</Person> about it");
    }

    @Test
    void shorterSnapshotIsAReplacement() {
        acceptAll(progress("1", "Hello wor"));

        CopilotStreamUpdate update = tracker.accept(progress("2", "Hello"));

        assertThat(update.isReplacement()).isTrue();
        assertThat(update.getDelta()).isEqualTo("Hello");
        assertThat(update.getText()).isEqualTo("Hello");
    }

    @Test
    void textGrowingAfterAReplacementGivesDeltasAgain() {
        acceptAll(progress("1", "Ask Adele"), progress("2", "Ask <Person>Adele</Person>"));

        CopilotStreamUpdate update = tracker.accept(progress("3", "Ask <Person>Adele</Person> Vance"));

        assertThat(update.isReplacement()).isFalse();
        assertThat(update.getDelta()).isEqualTo(" Vance");
    }

    @Test
    void replayingUpdatesGivesTheFinalAnswer() {
        List<CopilotStreamUpdate> updates = acceptAll(empty("1"),
                progress("2", "The codename"),
                progress("3", "The codename of Project Zephyr is Bluebird"),
                progress("4", "The codename of **Project Zephyr** is Bluebird"),
                progress("5", "The codename of **Project Zephyr** is Bluebird, according to Adele"),
                progress("6", "The codename of **Project Zephyr** is Bluebird"),
                empty("7"),
                finalEvent("8", REPLY),
                empty("9"));

        assertThat(replay(updates)).isEqualTo(REPLY);
        assertThat(updates.get(updates.size() - 1).isLast()).isTrue();
        assertThat(updates.get(updates.size() - 1).getText()).isEqualTo(REPLY);
    }

    @Test
    void finalEventWithUnchangedTextGivesAnEmptyLastUpdate() {
        acceptAll(empty("1"), progress("2", "The codename"), progress("3", REPLY), empty("4"));

        CopilotStreamUpdate last = tracker.accept(finalEvent("5", REPLY));

        assertThat(last.isLast()).isTrue();
        assertThat(last.getDelta()).isEmpty();
        assertThat(last.getText()).isEqualTo(REPLY);
        assertThat(last.isReplacement()).isFalse();
        assertThat(last.isRecovered()).isFalse();
        assertThat(last.getEventId()).isEqualTo("5");
        assertThat(last.getConversationId()).isEqualTo(CONVERSATION_ID);
        assertThat(last.getConversation().getMessages()).hasSize(2);
        assertThat(last.getConversation().getDisplayName()).isEqualTo("Project Zephyr codename");
        assertThat(last.getConversation().getTurnCount()).isEqualTo(1);
        assertThat(last.getConversation().getMessages().get(0).getText()).isEqualTo(PROMPT);
        assertThat(tracker.finalUpdate()).isSameAs(last);
        assertThat(tracker.finalConversation()).isSameAs(last.getConversation());
    }

    @Test
    void finalEventExtendingTheTextGivesTheRestAsDelta() {
        acceptAll(progress("1", "The codename of **Project Zephyr**"));

        CopilotStreamUpdate last = tracker.accept(finalEvent("2", REPLY));

        assertThat(last.isLast()).isTrue();
        assertThat(last.isReplacement()).isFalse();
        assertThat(last.getDelta()).isEqualTo(REPLY.substring("The codename of **Project Zephyr**".length()));
        assertThat(last.getText()).isEqualTo(REPLY);
    }

    @Test
    void finalEventWithRewrittenTextIsALastReplacement() {
        acceptAll(progress("1", "The codename of Project Zephyr is Bluebird, according to Adele Vance."));

        CopilotStreamUpdate last = tracker.accept(finalEvent("2", REPLY));

        assertThat(last.isLast()).isTrue();
        assertThat(last.isReplacement()).isTrue();
        assertThat(last.getDelta()).isEqualTo(REPLY);
        assertThat(last.getText()).isEqualTo(REPLY);
    }

    @Test
    void finalEventWithoutAnyProgressGivesTheWholeText() {
        CopilotStreamUpdate last = tracker.accept(finalEvent("1", REPLY));

        assertThat(last.isLast()).isTrue();
        assertThat(last.isReplacement()).isFalse();
        assertThat(last.getDelta()).isEqualTo(REPLY);
    }

    @Test
    void eventsAfterTheFinalAreIgnored() throws Exception {
        CopilotStreamUpdate last = acceptAll(progress("1", "The"), finalEvent("2", REPLY)).get(1);

        assertThat(tracker.accept(empty("3"))).isNull();
        assertThat(tracker.lastAccepted()).isNull();
        assertThat(tracker.accept(progress("4", "Something else entirely"))).isNull();
        assertThat(tracker.accept(finalEvent("5", "Another final answer"))).isNull();
        assertThat(tracker.accept(new ServerSentEvent("6", null, "{not json"))).isNull();

        assertThat(tracker.finalUpdate()).isSameAs(last);
        assertThat(tracker.finalConversation().getReplyText()).isEqualTo(REPLY);
        assertThat(tracker.events()).isEqualTo(6);
        assertThat(tracker.finish()).isNull();
    }

    @Test
    void finishAfterTheFinalUpdateReturnsNull() throws Exception {
        acceptAll(empty("1"), progress("2", "The"), finalEvent("3", REPLY));

        assertThat(tracker.finish()).isNull();
        assertThat(tracker.finish()).isNull();
        assertThat(tracker.finalUpdate().getText()).isEqualTo(REPLY);
    }

    @Test
    void lastAcceptedReturnsEachParsedSnapshot() {
        tracker.accept(empty("1"));
        assertThat(tracker.lastAccepted()).isNotNull();
        assertThat(tracker.lastAccepted().getMessages()).isEmpty();
        assertThat(tracker.lastAccepted().getId()).isEqualTo(CONVERSATION_ID);

        tracker.accept(progress("2", "The"));
        assertThat(tracker.lastAccepted().getReplyText()).isEqualTo("The");

        tracker.accept(progress("3", "The"));
        // no update, but the snapshot was read
        assertThat(tracker.lastAccepted()).isNotNull();
        assertThat(tracker.lastAccepted().getReplyText()).isEqualTo("The");

        tracker.accept(new ServerSentEvent("4", null, "{\"id\":\"x\",\"messages\":[{\"te"));
        assertThat(tracker.lastAccepted()).isNull();

        tracker.accept(finalEvent("5", REPLY));
        assertThat(tracker.lastAccepted().getMessages()).hasSize(2);
        assertThat(tracker.lastAccepted()).isSameAs(tracker.finalConversation());
    }

    @Test
    void eventIdMayBeNull() {
        CopilotStreamUpdate update = tracker.accept(event(null, finalJson(REPLY)));

        assertThat(update.getEventId()).isNull();
        assertThat(update.isLast()).isTrue();
    }

    // ---- the model -----------------------------------------------------------------------------------------

    @Nested
    class Model {

        @Test
        void stateIsRead() throws Exception {
            CopilotConversation c = MAPPER.readValue("{\"id\":\"c\",\"state\":\"active\"}", CopilotConversation.class);

            assertThat(c.getState()).isEqualTo("active");
        }

        @Test
        void statusIsAFallbackForState() throws Exception {
            CopilotConversation c = MAPPER.readValue("{\"id\":\"c\",\"status\":\"active\"}", CopilotConversation.class);

            assertThat(c.getState()).isEqualTo("active");
        }

        @Test
        void stateWinsOverStatusInEitherOrder() throws Exception {
            CopilotConversation stateFirst = MAPPER.readValue(
                    "{\"state\":\"disengagedForRai\",\"status\":\"active\"}", CopilotConversation.class);
            CopilotConversation statusFirst = MAPPER.readValue(
                    "{\"status\":\"active\",\"state\":\"disengagedForRai\"}", CopilotConversation.class);

            assertThat(stateFirst.getState()).isEqualTo("disengagedForRai");
            assertThat(stateFirst.isDisengagedForRai()).isTrue();
            assertThat(statusFirst.getState()).isEqualTo("disengagedForRai");
        }

        @Test
        void statusOnlySnapshotThroughTheTracker() {
            ObjectNode json = conversation("", 0);
            json.remove("state");
            json.put("status", "disengagedForRai");

            tracker.accept(event("1", json));

            assertThat(tracker.lastAccepted().getState()).isEqualTo("disengagedForRai");
            assertThat(tracker.lastAccepted().isDisengagedForRai()).isTrue();
        }

        @Test
        void unknownPropertiesAreIgnored() {
            ObjectNode json = finalJson(REPLY);
            json.put("someFutureField", 42);
            json.putObject("anotherOne").put("nested", true);
            ObjectNode reply = (ObjectNode) json.get("messages").get(1);
            reply.put("unknownMessageField", "x");
            reply.putArray("unknownList").add(1);
            ((ObjectNode) reply.get("attributions").get(0)).put("unknownAttributionField", "y");

            CopilotStreamUpdate update = tracker.accept(event("1", json));

            assertThat(update).isNotNull();
            assertThat(update.getText()).isEqualTo(REPLY);
            assertThat(update.isLast()).isTrue();
            assertThat(update.isRecovered()).isFalse();
        }

        @Test
        void adaptiveCardsAreKeptAsJsonTrees() {
            CopilotStreamUpdate update = tracker.accept(finalEvent("1", REPLY));

            List<JsonNode> cards = update.getConversation().getReply().getAdaptiveCards();
            assertThat(cards).hasSize(1);
            assertThat(cards.get(0)).isEqualTo(adaptiveCard());
            assertThat(cards.get(0).get("body").get(0).get("wrap").asBoolean()).isTrue();
        }

        @Test
        void nullListsBecomeEmpty() throws Exception {
            CopilotConversation c = MAPPER.readValue(
                    "{\"messages\":[{\"text\":\"t\",\"adaptiveCards\":null,\"attributions\":null}]}",
                    CopilotConversation.class);
            CopilotConversation noMessages = MAPPER.readValue("{\"messages\":null}", CopilotConversation.class);

            assertThat(c.getReply().getAdaptiveCards()).isEmpty();
            assertThat(c.getReply().getAttributions()).isEmpty();
            assertThat(noMessages.getMessages()).isEmpty();
            assertThat(noMessages.getReplyText()).isNull();
        }

        @Test
        void toStringsNeverContainThePromptOrTheReply() throws Exception {
            CopilotStreamUpdate progressUpdate = tracker.accept(progress("1", "The codename of"));
            ServerSentEvent finalEvent = finalEvent("2", REPLY);
            CopilotStreamUpdate last = tracker.accept(finalEvent);
            CopilotConversation conversation = last.getConversation();

            for (Object o : List.of(progressUpdate, last, finalEvent, conversation,
                    conversation.getMessages().get(0), conversation.getMessages().get(1))) {
                assertThat(o.toString())
                        .doesNotContain("codename")
                        .doesNotContain("Zephyr")
                        .doesNotContain("Bluebird")
                        .doesNotContain("Adele");
            }
            assertThat(last.toString()).contains("last=true");
        }
    }

    // ---- malformed events ----------------------------------------------------------------------------------

    @Nested
    class Malformed {

        @Test
        void finalCutInsideTheAdaptiveCardIsRecovered() throws Exception {
            acceptAll(empty("1"), progress("2", "The codename of"), progress("3", "The codename of **Project Zephyr**"),
                    empty("4"));
            String cut = finalJsonCutBefore(REPLY, "\"body\"", "\"adaptiveCards\":[{");

            CopilotStreamUpdate last = tracker.accept(new ServerSentEvent("5", null, cut));

            assertThat(last).isNotNull();
            assertThat(last.isLast()).isTrue();
            assertThat(last.isRecovered()).isTrue();
            assertThat(last.getText()).isEqualTo(REPLY);
            assertThat(last.isReplacement()).isFalse();
            assertThat(last.getDelta()).isEqualTo(REPLY.substring("The codename of **Project Zephyr**".length()));
            assertThat(last.getEventId()).isEqualTo("5");
            assertThat(last.getConversation().getMessages()).hasSize(2);
            assertThat(last.getConversation().getMessages().get(0).getText()).isEqualTo(PROMPT);
            assertThat(last.getConversationId()).isEqualTo(CONVERSATION_ID);
            assertThat(tracker.finalUpdate()).isSameAs(last);
            assertThat(tracker.finish()).isNull();
        }

        @Test
        void finalCutAnywhereAfterTheReplyTextIsRecovered() throws Exception {
            String json = MAPPER.writeValueAsString(finalJson(REPLY));
            String replyText = MAPPER.writeValueAsString(REPLY);
            int afterText = json.indexOf(replyText) + replyText.length();
            for (int cut = afterText; cut < json.length(); cut++) {
                SnapshotTracker fresh = new SnapshotTracker(MAPPER);
                fresh.accept(progress("1", "The codename"));
                CopilotStreamUpdate last = fresh.accept(new ServerSentEvent("2", null, json.substring(0, cut)));
                assertThat(last).as("cut at %d of %d", cut, json.length()).isNotNull();
                assertThat(last.getText()).as("cut at %d", cut).isEqualTo(REPLY);
                assertThat(last.isLast()).isTrue();
                assertThat(last.isRecovered()).isTrue();
            }
        }

        @Test
        void finalWhoseCardSpillsOverLinesWithoutDataPrefixIsRecoveredFromTheWire() throws Exception {
            // As in Microsoft's capture: the card's JSON is pretty-printed over several lines, only the first of which
            // carries "data: ". The SSE parser ignores the other lines (they are unknown fields or no fields).
            String json = MAPPER.writeValueAsString(finalJson(REPLY));
            int card = json.indexOf("\"adaptiveCards\":[", json.indexOf("\"id\":\"reply-1\""))
                       + "\"adaptiveCards\":[".length();
            String spilled = json.substring(0, card) + "\n{\n  \"type\": \"AdaptiveCard\",\n  \"version\": \"1.5\",\n"
                             + "  \"body\": [ { \"type\": \"TextBlock\", \"text\": \"x\" } ]\n}"
                             + json.substring(json.indexOf("],\"attributions\"", card));
            String wire = "data: " + empty("1").data() + "\nid: 1\n\n"
                          + "data: " + progress("2", "The codename").data() + "\nid:2\n\n"
                          + "data: " + spilled + "\nid: 3 \n\n";
            List<ServerSentEvent> events = new ArrayList<>();
            SseParser parser = new SseParser(1 << 20, events::add);
            parser.feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.UTF_8)));
            parser.end();
            assertThat(events).hasSize(3);

            List<CopilotStreamUpdate> updates = acceptAll(events.toArray(new ServerSentEvent[0]));

            CopilotStreamUpdate last = updates.get(updates.size() - 1);
            assertThat(last.isLast()).isTrue();
            assertThat(last.isRecovered()).isTrue();
            assertThat(last.getText()).isEqualTo(REPLY);
            assertThat(last.getEventId()).isEqualTo("3");
            assertThat(replay(updates)).isEqualTo(REPLY);
            assertThat(tracker.finish()).isNull();
        }

        @Test
        void recoveredFinalWithRewrittenTextIsAReplacement() throws Exception {
            acceptAll(progress("1", "The codename of Project Zephyr is Bluebird"));
            String cut = finalJsonCutBefore(REPLY, "\"body\"", "\"adaptiveCards\":[{");

            CopilotStreamUpdate last = tracker.accept(new ServerSentEvent("2", null, cut));

            assertThat(last.isReplacement()).isTrue();
            assertThat(last.getDelta()).isEqualTo(REPLY);
            assertThat(last.isRecovered()).isTrue();
            assertThat(last.isLast()).isTrue();
        }

        @Test
        void finalCutBeforeTheReplyTextIsSkippedAndFinishFallsBackToTheLastGoodSnapshot() throws Exception {
            acceptAll(empty("1"), progress("2", "The codename"), progress("3", "The codename of **Project Zephyr**"));
            // cut inside the reply message, after its id and before its text
            String cut = finalJsonCutBefore(REPLY, "\"text\"", "\"id\":\"reply-1\"");

            assertThat(tracker.accept(new ServerSentEvent("4", null, cut))).isNull();
            assertThat(tracker.lastAccepted()).isNull();
            assertThat(tracker.finalUpdate()).isNull();

            CopilotStreamUpdate last = tracker.finish();

            assertThat(last).isNotNull();
            assertThat(last.isLast()).isTrue();
            assertThat(last.isRecovered()).isTrue();
            assertThat(last.getText()).isEqualTo("The codename of **Project Zephyr**");
            assertThat(last.getDelta()).isEmpty();
            assertThat(last.isReplacement()).isFalse();
            assertThat(last.getEventId()).isEqualTo("4");
            assertThat(tracker.finalUpdate()).isSameAs(last);
            assertThat(tracker.finalConversation()).isNotNull();
            assertThat(tracker.finalConversation().getReplyText()).isEqualTo("The codename of **Project Zephyr**");
            assertThat(tracker.finish()).isNull();
        }

        @Test
        void finalCutInsideTheReplyTextIsSkipped() throws Exception {
            acceptAll(progress("1", "The codename of"));
            String json = MAPPER.writeValueAsString(finalJson(REPLY));
            String cut = json.substring(0, json.indexOf("Bluebird[^1^]"));

            assertThat(tracker.accept(new ServerSentEvent("2", null, cut))).isNull();

            CopilotStreamUpdate last = tracker.finish();
            assertThat(last.getText()).isEqualTo("The codename of");
            assertThat(last.isRecovered()).isTrue();
            assertThat(last.isLast()).isTrue();
        }

        /**
         * The sequence the API documentation describes: progress events, then MORE EMPTY events, then the final one.
         * When the final one is unreadable, the last good snapshot holding an answer must stand in for it, not the
         * empty snapshot that happened to come last.
         */
        @Test
        void finishFallsBackToTheLastAnswerEvenWhenEmptySnapshotsFollowedIt() throws Exception {
            acceptAll(empty("1"), progress("2", "The codename"), progress("3", "The codename of **Project Zephyr**"),
                    empty("4"), empty("5"));
            String cut = finalJsonCutBefore(REPLY, "\"text\"", "\"id\":\"reply-1\"");
            assertThat(tracker.accept(new ServerSentEvent("6", null, cut))).isNull();

            CopilotStreamUpdate last = tracker.finish();

            assertThat(last).isNotNull();
            assertThat(last.isLast()).isTrue();
            assertThat(last.isRecovered()).isTrue();
            assertThat(last.getText()).isEqualTo("The codename of **Project Zephyr**");
        }

        @Test
        void cutAfterTheCompletePromptEchoIsNotTakenAsTheAnswer() throws Exception {
            acceptAll(empty("1"), progress("2", "The codename of"));
            // the prompt echo is complete, the reply has not started: only one message is readable
            String cut = finalJsonCutBefore(REPLY, "{\"@odata.type\"", "\"id\":\"prompt-1\"");

            assertThat(tracker.accept(new ServerSentEvent("3", null, cut))).isNull();
            assertThat(tracker.finalUpdate()).isNull();

            CopilotStreamUpdate last = tracker.finish();
            assertThat(last.getText()).isEqualTo("The codename of").isNotEqualTo(PROMPT);
        }

        @Test
        void cutAnywhereInsideThePromptEchoIsNeverTakenAsTheAnswer() throws Exception {
            String json = MAPPER.writeValueAsString(finalJson(REPLY));
            int start = json.indexOf("\"messages\":[");
            int end = json.indexOf("\"id\":\"reply-1\"");
            for (int cut = start; cut < end; cut++) {
                SnapshotTracker fresh = new SnapshotTracker(MAPPER);
                fresh.accept(progress("1", "The codename of"));
                assertThat(fresh.accept(new ServerSentEvent("2", null, json.substring(0, cut))))
                        .as("cut at %d", cut).isNull();
                CopilotStreamUpdate last = fresh.finish();
                assertThat(last.getText()).as("cut at %d", cut).isEqualTo("The codename of");
            }
        }

        @Test
        void promptEchoCutWithoutAnyEarlierAnswerFailsInsteadOfReturningThePrompt() throws Exception {
            acceptAll(empty("1"));
            String cut = finalJsonCutBefore(REPLY, "{\"@odata.type\"", "\"id\":\"prompt-1\"");
            assertThat(tracker.accept(new ServerSentEvent("2", null, cut))).isNull();

            assertThatThrownBy(tracker::finish)
                    .isInstanceOf(SseFormatException.class)
                    .hasMessageContaining("without an answer")
                    .hasMessageContaining("1 unreadable")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Zephyr"));
        }

        @Test
        void malformedProgressEventIsSkippedAndTheStreamGoesOn() throws Exception {
            CopilotStreamUpdate first = tracker.accept(progress("1", "The"));
            assertThat(tracker.accept(new ServerSentEvent("2", null, "{\"id\":\"x\",\"messages\":[{\"text\":\"The co"))).isNull();
            CopilotStreamUpdate next = tracker.accept(progress("3", "The codename"));
            CopilotStreamUpdate last = tracker.accept(finalEvent("4", REPLY));

            assertThat(first.getDelta()).isEqualTo("The");
            assertThat(next.getDelta()).isEqualTo(" codename");
            assertThat(last.isLast()).isTrue();
            assertThat(last.isRecovered()).isFalse();
            assertThat(tracker.finish()).isNull();
        }

        @Test
        void entirelyUnreadableEventsAreSkipped() {
            for (String data : List.of("", "not json", "[", "{", "}", "\"string\"", "42", "{\"messages\":[{]}")) {
                assertThat(tracker.accept(new ServerSentEvent("x", null, data))).as("'%s'", data).isNull();
            }
            assertThat(tracker.finalUpdate()).isNull();
        }
    }

    // ---- finish without a final event ----------------------------------------------------------------------

    @Test
    void finishWithoutAFinalEventAndWithoutMalformedEventsFails() {
        acceptAll(empty("1"), progress("2", "The codename"), progress("3", "The codename of"));

        assertThatThrownBy(tracker::finish)
                .isInstanceOf(SseFormatException.class)
                .hasMessageContaining("incomplete")
                .hasMessageContaining("3")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("codename"));
        assertThat(tracker.finalUpdate()).isNull();
    }

    @Test
    void finishWithNoEventsAtAllFails() {
        assertThatThrownBy(tracker::finish)
                .isInstanceOf(SseFormatException.class)
                .hasMessageContaining("0 events")
                .hasMessageContaining("without an answer");
    }

    @Test
    void finishAfterOnlyEmptySnapshotsFails() {
        acceptAll(empty("1"), empty("2"));

        assertThatThrownBy(tracker::finish)
                .isInstanceOf(SseFormatException.class)
                .hasMessageContaining("without an answer");
    }

    // ---- PartialJson ---------------------------------------------------------------------------------------

    @Nested
    class PartialJsonPrefix {

        @Test
        void closesWhatWasLeftOpen() {
            JsonNode node = PartialJson.readPrefix(MAPPER, "{\"a\":\"x\",\"b\":[1,{\"c\":true,\"d\":[\"e\"");

            assertThat(node.toString()).isEqualTo("{\"a\":\"x\",\"b\":[1,{\"c\":true,\"d\":[\"e\"]}]}");
        }

        @Test
        void dropsACutString() {
            JsonNode node = PartialJson.readPrefix(MAPPER, "{\"a\":\"x\",\"b\":\"half a str");

            assertThat(node.toString()).isEqualTo("{\"a\":\"x\"}");
        }

        @Test
        void dropsAFieldNameWithoutValue() {
            assertThat(PartialJson.readPrefix(MAPPER, "{\"a\":\"x\",\"b\":").toString()).isEqualTo("{\"a\":\"x\"}");
            assertThat(PartialJson.readPrefix(MAPPER, "{\"a\":\"x\",\"b").toString()).isEqualTo("{\"a\":\"x\"}");
        }

        @Test
        void returnsACompleteDocumentWhole() throws Exception {
            String json = MAPPER.writeValueAsString(finalJson(REPLY));

            assertThat(PartialJson.readPrefix(MAPPER, json)).isEqualTo(MAPPER.readTree(json));
        }

        @Test
        void returnsNullWhenNothingOpened() {
            assertThat(PartialJson.readPrefix(MAPPER, "")).isNull();
            assertThat(PartialJson.readPrefix(MAPPER, "garbage")).isNull();
            assertThat(PartialJson.readPrefix(MAPPER, "42")).isNull();
        }

        /**
         * The class documents that "what is recovered is never a cut-off value". A number at the very end of the
         * input may have been cut ("12" out of "123"): Jackson ends a number at end of input without complaint.
         */
        @Test
        void dropsANumberThatMayHaveBeenCut() {
            // cut from {"a":"x","n":123}
            JsonNode node = PartialJson.readPrefix(MAPPER, "{\"a\":\"x\",\"n\":12");

            assertThat(node.has("n")).as("a possibly cut number is kept: %s", node).isFalse();
        }
    }
}
