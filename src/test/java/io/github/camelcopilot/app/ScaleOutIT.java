package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app instances consuming one broker queue, as replicas of a Camel K integration would: every message is
 * answered exactly once, and since the conversation id travels with the message, either replica continues any
 * conversation.
 */
class ScaleOutIT {

    private static final int CONVERSATIONS = 60;

    @Test
    void twoReplicasShareTheQueueAndEachMessageIsAnsweredOnce(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("replica-1"));
        Path second = Files.createDirectories(dir.resolve("replica-2"));
        AppProcess.copyInto(first, "routes");
        AppProcess.copyInto(second, "routes");
        int brokerPort = AppProcess.freePort();
        try (CopilotSimulator simulator = CopilotSimulator.start();
             // the first replica hosts the broker, the second only connects to it, like any external client
             AppProcess replica1 = AppProcess.start(first, common(simulator, "copilot.broker.port=" + brokerPort));
             AppProcess replica2 = AppProcess.start(second, common(simulator,
                     "copilot.broker.url=tcp://127.0.0.1:" + brokerPort));
             Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer requests = session.createProducer(session.createQueue("copilot.requests"));
            MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));

            Map<String, String> promptByRequest = new HashMap<>();
            for (int i = 0; i < CONVERSATIONS; i++) {
                TextMessage request = session.createTextMessage("Question " + i);
                requests.send(request);
                promptByRequest.put(request.getJMSMessageID(), "Question " + i);
            }
            Map<String, String> conversationByPrompt = new HashMap<>();
            for (Message reply : receive(replies, CONVERSATIONS)) {
                String prompt = promptByRequest.remove(reply.getJMSCorrelationID());
                assertThat(prompt).as("each request answered once").isNotNull();
                assertThat(reply.getBody(String.class)).isEqualTo(SimulatorReplies.replyFor(prompt));
                conversationByPrompt.put(prompt, reply.getStringProperty("CopilotConversationId"));
            }
            assertThat(promptByRequest).isEmpty();

            // follow-ups: whichever replica takes one continues the conversation the other may have started
            for (Map.Entry<String, String> conversation : conversationByPrompt.entrySet()) {
                TextMessage followUp = session.createTextMessage("Follow-up to " + conversation.getKey());
                followUp.setStringProperty("CopilotConversationId", conversation.getValue());
                requests.send(followUp);
            }
            for (Message reply : receive(replies, CONVERSATIONS)) {
                assertThat(reply.getIntProperty("CopilotTurnCount")).isEqualTo(2);
                assertThat(conversationByPrompt).containsValue(reply.getStringProperty("CopilotConversationId"));
            }
            assertThat(replies.receive(1_000)).as("no duplicate replies").isNull();

            assertThat(simulator.conversationCount()).isEqualTo(CONVERSATIONS);
            long answeredBy1 = answered(replica1.log());
            long answeredBy2 = answered(replica2.log());
            assertThat(answeredBy1 + answeredBy2).isEqualTo(2L * CONVERSATIONS);
            assertThat(answeredBy1).as("replica 1 took part").isPositive();
            assertThat(answeredBy2).as("replica 2 took part").isPositive();
        }
    }

    private static String[] common(CopilotSimulator simulator, String broker) {
        return new String[] {
                "camel.main.routesIncludePattern=file:routes/queue-trigger.yaml",
                "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                "camel.server.enabled=false",
                broker };
    }

    private static java.util.List<Message> receive(MessageConsumer consumer, int count) throws Exception {
        java.util.List<Message> messages = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message message = consumer.receive(30_000);
            assertThat(message).as("reply " + (i + 1) + " of " + count).isNotNull();
            messages.add(message);
        }
        return messages;
    }

    private static long answered(String log) {
        return log.lines().filter(line -> line.contains("answered by chatOverStream")).count();
    }
}
