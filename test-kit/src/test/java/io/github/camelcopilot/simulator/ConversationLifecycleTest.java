package io.github.camelcopilot.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.camelcopilot.simulator.SimulatorHttp.chatBody;
import static io.github.camelcopilot.simulator.SimulatorHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator keeps conversation state as the service does: disengagement, expiry, turns. */
class ConversationLifecycleTest {

    @RegisterExtension
    static CopilotSimulatorExtension extension = new CopilotSimulatorExtension();

    private CopilotSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void setUp(CopilotSimulator simulator) {
        this.simulator = simulator;
        this.http = new SimulatorHttp(simulator);
    }

    private HttpResponse<String> chat(String id, String prompt) throws Exception {
        return http.post("/copilot/conversations/" + id + "/chat", chatBody(prompt));
    }

    @Test
    void theDisengageTriggerEndsTheConversation() throws Exception {
        String id = http.createConversation();
        assertThat(tree(chat(id, "Fine").body()).get("state").asText()).isEqualTo("active");

        HttpResponse<String> disengaged = chat(id, "Not fine " + SimulatorReplies.DISENGAGE_TRIGGER);
        assertThat(disengaged.statusCode()).isEqualTo(200);
        assertThat(tree(disengaged.body()).get("state").asText()).isEqualTo("disengagedForRai");
        assertThat(tree(disengaged.body()).get("turnCount").asInt()).isEqualTo(2);
        assertThat(simulator.conversationState(id)).contains("disengagedForRai");

        HttpResponse<String> refused = chat(id, "Anything else?");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(tree(refused.body()).at("/error/code").asText()).isEqualTo("BadRequest");
        HttpResponse<String> refusedStream = http.post("/copilot/conversations/" + id + "/chatOverStream",
                chatBody("Streamed?"));
        assertThat(refusedStream.statusCode()).isEqualTo(400);
        assertThat(simulator.conversationTurnCount(id)).contains(2);
    }

    @Test
    void anExpiredConversationAnswers404() throws Exception {
        String id = http.createConversation();
        assertThat(chat(id, "Before").statusCode()).isEqualTo(200);

        assertThat(simulator.expireConversation(id)).isTrue();

        HttpResponse<String> gone = chat(id, "After");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(simulator.conversationState(id)).isEmpty();
        assertThat(simulator.expireConversation(id)).isFalse();
    }

    @Test
    void idleConversationsExpire() throws Exception {
        simulator.conversationIdleExpiry(Duration.ofMillis(300));
        String id = http.createConversation();
        assertThat(chat(id, "In time").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> simulator.conversationState(id).isEmpty());
        assertThat(chat(id, "Too late").statusCode()).isEqualTo(404);

        simulator.reset();
        String kept = http.createConversation();
        assertThat(chat(kept, "No expiry after a reset").statusCode()).isEqualTo(200);
        assertThat(simulator.conversationTurnCount(kept)).contains(1);
    }

    @Test
    void overlappingTurnsOfAConversationAreCounted() throws Exception {
        String id = http.createConversation();
        chat(id, "Alone");
        assertThat(simulator.maxConcurrentTurnsPerConversation()).isEqualTo(1);

        simulator.faults().latency(Duration.ofMillis(300));
        List<CompletableFuture<HttpResponse<String>>> together = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String prompt = "Together " + i;
            together.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return chat(id, prompt);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> response : together) {
            assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(simulator.maxConcurrentTurnsPerConversation()).isGreaterThan(1);
    }
}
