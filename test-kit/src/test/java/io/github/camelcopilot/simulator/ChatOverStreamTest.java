package io.github.camelcopilot.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelcopilot.simulator.EventStreamParser.RawEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

class ChatOverStreamTest {

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension();

    private static final String PROMPT = "What did Adele say about the launch?";

    private CopilotSimulator simulator;
    private SimulatorHttp http;
    private String conversationId;

    @BeforeEach
    void setUp(CopilotSimulator simulator) throws Exception {
        this.simulator = simulator;
        this.http = new SimulatorHttp(simulator);
        this.conversationId = http.createConversation();
    }

    private HttpResponse<String> stream(String action, String prompt) throws Exception {
        return http.send(http.request(simulator.baseUrl() + "/copilot/conversations/" + conversationId + "/" + action,
                chatBody(prompt)).header("Accept", "text/event-stream").build());
    }

    @Test
    void answersAnEventStreamFramedLikeTheRealService() throws Exception {
        HttpResponse<String> response = stream("chatOverStream", PROMPT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("Content-Length")).as("chunked").isEmpty();
        assertThat(response.body()).doesNotContain("[DONE]").doesNotContain("event:").doesNotContain("retry:");

        List<RawEvent> events = EventStreamParser.parse(response.body());
        for (int i = 0; i < events.size(); i++) {
            RawEvent event = events.get(i);
            assertThat(event.lines()).as("event %d", i + 1).hasSize(2);
            assertThat(event.lines().get(0)).startsWith("data: {").endsWith("}");
            assertThat(event.idLine()).matches("id: ?\\d+ ?");
            assertThat(event.id()).isEqualTo(i + 1);
        }
        Set<String> idSpellings = new HashSet<>();
        events.forEach(event -> idSpellings.add(event.idLine().replaceAll("\\d+", "n")));
        assertThat(idSpellings).contains("id:n", "id: n ");
    }

    @Test
    void snapshotsFollowTheRealSequence() throws Exception {
        List<JsonNode> snapshots = EventStreamParser.parse(stream("chatOverStream", PROMPT).body()).stream()
                .map(event -> tree(event.data())).toList();
        List<String> progressTexts = SimulatorReplies.streamTextsFor(PROMPT);

        assertThat(snapshots).hasSize(2 + progressTexts.size() + 2);
        JsonNode first = snapshots.get(0);
        assertThat(first.get("messages")).isEmpty();
        assertThat(first.get("displayName").asText()).isEqualTo("Intermediate Conversation Update");
        assertThat(first.get("id").asText()).isEqualTo(conversationId);
        assertThat(snapshots.get(1).get("messages")).isEmpty();

        for (int i = 0; i < progressTexts.size(); i++) {
            JsonNode progress = snapshots.get(2 + i);
            assertThat(progress.get("displayName").asText()).isEqualTo("Intermediate Conversation Update");
            assertThat(progress.get("messages")).hasSize(1);
            assertThat(progress.at("/messages/0/text").asText()).isEqualTo(progressTexts.get(i));
        }
        assertThat(snapshots.get(snapshots.size() - 2).get("messages")).isEmpty();

        List<String> intermediateTimes = snapshots.subList(0, snapshots.size() - 1).stream()
                .map(snapshot -> snapshot.get("createdDateTime").asText()).toList();
        assertThat(intermediateTimes).doesNotHaveDuplicates();
    }

    @Test
    void aLaterSnapshotRewritesTextAlreadyStreamed() throws Exception {
        List<String> texts = EventStreamParser.parse(stream("chatOverStream", PROMPT).body()).stream()
                .map(event -> tree(event.data()))
                .filter(snapshot -> snapshot.get("messages").size() == 1)
                .map(snapshot -> snapshot.at("/messages/0/text").asText())
                .toList();

        int rewrite = -1;
        for (int i = 1; i < texts.size(); i++) {
            if (!texts.get(i).startsWith(texts.get(i - 1))) {
                rewrite = i;
            }
        }
        assertThat(rewrite).as("a non-prefix rewrite").isPositive();
        assertThat(texts.get(rewrite - 1)).contains("Adele Vance").doesNotContain("<Person>").doesNotContain("[^1^]");
        assertThat(texts.get(rewrite)).contains("<Person>Adele Vance</Person>").contains("[^1^]");
        assertThat(rewrite).as("the rewrite is in the middle").isLessThan(texts.size() - 1);
    }

    @Test
    void theFinalEventEqualsTheSynchronousAnswer() throws Exception {
        List<RawEvent> events = EventStreamParser.parse(stream("chatOverStream", PROMPT).body());
        JsonNode last = tree(events.get(events.size() - 1).data());

        String otherId = http.createConversation();
        JsonNode sync = tree(http.post("/copilot/conversations/" + otherId + "/chat", chatBody(PROMPT)).body());

        assertThat(last.get("displayName").asText()).isEqualTo(PROMPT);
        assertThat(last.get("turnCount").asInt()).isEqualTo(1);
        assertThat(last.get("messages")).hasSize(2);
        assertThat(last.at("/messages/0/text").asText()).isEqualTo(PROMPT);
        assertThat(last.at("/messages/1/text").asText()).isEqualTo(SimulatorReplies.replyFor(PROMPT))
                .isEqualTo(sync.at("/messages/1/text").asText());
        assertThat(fieldNames(last)).isEqualTo(fieldNames(sync));
        assertThat(fieldNames(last.at("/messages/1"))).isEqualTo(fieldNames(sync.at("/messages/1")));
        assertThat(last.at("/messages/1/attributions")).isEqualTo(sync.at("/messages/1/attributions"));

        JsonNode finalMessages = tree(events.get(events.size() - 1).data()).get("messages");
        assertThat(finalMessages.get(finalMessages.size() - 1).get("text").asText())
                .isEqualTo(SimulatorReplies.replyFor(PROMPT));
    }

    @Test
    void qualifiedNameAndTurnsCountAcrossChatAndStream() throws Exception {
        http.post("/copilot/conversations/" + conversationId + "/chat", chatBody("First"));

        HttpResponse<String> response = stream("microsoft.graph.copilot.chatOverStream", "Second");

        assertThat(response.statusCode()).isEqualTo(200);
        List<RawEvent> events = EventStreamParser.parse(response.body());
        JsonNode last = tree(events.get(events.size() - 1).data());
        assertThat(last.get("turnCount").asInt()).isEqualTo(2);
        assertThat(last.get("displayName").asText()).isEqualTo("First");
    }

    @Test
    void workIqLayoutStreams() throws Exception {
        HttpResponse<String> response = http.send(http.request(
                simulator.workIqBaseUrl() + "/conversations/" + conversationId + "/chatOverStream",
                chatBody(PROMPT)).build());

        List<RawEvent> events = EventStreamParser.parse(response.body());
        assertThat(tree(events.get(events.size() - 1).data()).at("/messages/1/text").asText())
                .isEqualTo(SimulatorReplies.replyFor(PROMPT));
    }

    @Test
    void streamEventDelayPacesTheEvents() throws Exception {
        simulator.streamEventDelay(Duration.ofMillis(10));
        int pauses = 2 + SimulatorReplies.streamTextsFor("Hi").size() + 1;

        long started = System.nanoTime();
        stream("chatOverStream", "Hi");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(10L * pauses));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
