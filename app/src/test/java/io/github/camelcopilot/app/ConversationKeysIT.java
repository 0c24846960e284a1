package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app keeps each key's conversation in its embedded database under data/: the file route starts the key's
 * conversation, and after a restart the queue route continues it.
 */
class ConversationKeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRestartedAppContinuesAKeysConversation(@TempDir Path dir) throws Exception {
        AppProcess.copyInto(dir, "routes");
        int brokerPort = AppProcess.freePort();
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            String[] settings = {
                    "camel.main.routesIncludePattern=file:routes/file-trigger.yaml,file:routes/queue-trigger.yaml",
                    "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                    "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                    "camel.server.enabled=false",
                    "copilot.broker.port=" + brokerPort };
            String first;
            try (AppProcess app = AppProcess.start(dir, settings)) {
                Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
                Files.writeString(inbox.resolve("ticket.json"),
                        "{\"prompt\": \"What is the status of ticket 4711?\", \"conversationKey\": \"ticket-4711\"}");
                Path outbox = dir.resolve("data/outbox/ticket.json");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox));
                JsonNode result = JSON.readTree(outbox.toFile());
                first = result.get("conversationId").asText();
                assertThat(result.get("conversationKey").asText()).isEqualTo("ticket-4711");
                assertThat(result.get("conversationStarted").asBoolean()).isTrue();
                assertThat(result.get("turn").asInt()).isEqualTo(1);
                assertThat(app.log()).contains("Conversation " + first + " recorded for key ticket-4711");
            }
            assertThat(dir.resolve("data/" + ConversationStoreSetup.EMBEDDED_FILE + ".mv.db")).exists();

            try (AppProcess restarted = AppProcess.start(dir, settings);
                 Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                         .createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage followUp = session.createTextMessage("Any news on ticket 4711?");
                followUp.setStringProperty("CopilotConversationKey", "ticket-4711");
                followUp.setStringProperty("JMSXGroupID", "ticket-4711");
                session.createProducer(session.createQueue("copilot.requests")).send(followUp);

                MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));
                Message reply = replies.receive(30_000);
                assertThat(reply).as("reply").isNotNull();
                assertThat(reply.getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Any news on ticket 4711?"));
                assertThat(reply.getStringProperty("CopilotConversationId")).isEqualTo(first);
                assertThat(reply.getIntProperty("CopilotTurnCount")).isEqualTo(2);
                assertThat(reply.getStringProperty("CopilotConversationKey")).isEqualTo("ticket-4711");
                assertThat(reply.getStringProperty("JMSXGroupID")).isEqualTo("ticket-4711");
                assertThat(reply.getStringProperty("CopilotConversationStarted")).isEqualTo("false");
                assertThat(simulator.conversationCount()).isEqualTo(1);
            }
        }
    }
}
