package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.store.CopilotConversationEntry;
import io.github.camelcopilot.store.JdbcConversationStore;
import io.github.camelcopilot.store.TestPostgres;
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
 * conversation. With business keys shared through PostgreSQL (and JMSXGroupID set to the key), each key's turns stay
 * in order, one at a time, in one conversation.
 */
class ScaleOutIT {

    private static final int CONVERSATIONS = 60;

    @Test
    void twoReplicasShareTheQueueAndEachMessageIsAnsweredOnce(@TempDir Path dir) throws Exception {
        Path first = replicaDirectory(dir, "replica-1");
        Path second = replicaDirectory(dir, "replica-2");
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

    private static final int KEYS = 20;
    private static final int MESSAGES_PER_KEY = 5;

    /**
     * Business keys shared through PostgreSQL: the messages of 20 keys, 5 each, interleaved, sent with JMSXGroupID set
     * to the key. Each key's turns run in order, never two at once, in one conversation recorded once.
     */
    @Test
    void twoReplicasKeepEachKeysTurnsInOrderInOneConversation(@TempDir Path dir) throws Exception {
        Path first = replicaDirectory(dir, "replica-1");
        Path second = replicaDirectory(dir, "replica-2");
        int brokerPort = AppProcess.freePort();
        String store = "copilot.store.url=" + TestPostgres.jdbcUrl();
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            // Slow enough that the replicas' consumers overlap, so that order is really at stake.
            simulator.faults().latency(Duration.ofMillis(20));
            try (AppProcess replica1 = AppProcess.start(first, with(common(simulator,
                         "copilot.broker.port=" + brokerPort), store));
                 AppProcess replica2 = AppProcess.start(second, with(common(simulator,
                         "copilot.broker.url=tcp://127.0.0.1:" + brokerPort), store));
                 Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                         .createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer requests = session.createProducer(session.createQueue("copilot.requests"));
                MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));
                String run = "scale-" + System.nanoTime() + "-";
                for (int turn = 1; turn <= MESSAGES_PER_KEY; turn++) {
                    for (int k = 0; k < KEYS; k++) {
                        TextMessage request = session.createTextMessage("Key " + k + " turn " + turn);
                        request.setStringProperty("CopilotConversationKey", run + k);
                        request.setStringProperty("JMSXGroupID", run + k);
                        request.setIntProperty("ExpectedTurn", turn);
                        requests.send(request);
                    }
                }

                Map<String, String> conversationByKey = new HashMap<>();
                Map<String, java.util.Set<Integer>> turnsByKey = new HashMap<>();
                for (Message reply : receive(replies, KEYS * MESSAGES_PER_KEY)) {
                    String key = reply.getStringProperty("CopilotConversationKey");
                    String conversation = reply.getStringProperty("CopilotConversationId");
                    assertThat(conversationByKey.putIfAbsent(key, conversation)).as("one conversation for " + key)
                            .isIn(null, conversation);
                    // In order: the n-th message of a key is the n-th turn of its conversation.
                    assertThat(reply.getIntProperty("CopilotTurnCount")).as(key)
                            .isEqualTo(reply.getIntProperty("ExpectedTurn"));
                    turnsByKey.computeIfAbsent(key, ignored -> new java.util.TreeSet<>())
                            .add(reply.getIntProperty("CopilotTurnCount"));
                }
                assertThat(replies.receive(1_000)).as("no duplicate replies").isNull();
                assertThat(conversationByKey).hasSize(KEYS);
                assertThat(turnsByKey.values()).allSatisfy(turns -> assertThat(turns).hasSize(MESSAGES_PER_KEY));
                assertThat(simulator.conversationCount()).isEqualTo(KEYS);
                assertThat(simulator.maxConcurrentTurnsPerConversation()).isEqualTo(1);

                JdbcConversationStore shared = new JdbcConversationStore(TestPostgres.dataSource());
                conversationByKey.forEach((key, conversation) -> assertThat(shared.get(key))
                        .map(CopilotConversationEntry::conversationId).contains(conversation));
                assertThat(answered(replica1.log())).as("replica 1 took part").isPositive();
                assertThat(answered(replica2.log())).as("replica 2 took part").isPositive();
            }
        }
    }

    /** A replica's own working directory, with the routes. */
    private static Path replicaDirectory(Path dir, String name) throws Exception {
        Path replica = Files.createDirectories(dir.resolve(name));
        AppProcess.copyInto(replica, "routes");
        return replica;
    }

    private static String[] with(String[] settings, String more) {
        String[] all = java.util.Arrays.copyOf(settings, settings.length + 1);
        all[settings.length] = more;
        return all;
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
