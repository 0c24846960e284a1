package io.github.camelcopilot.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.camelcopilot.simulator.CopilotSimulator;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue route across process deaths and stops, with the embedded broker's persistent journal: whatever happens
 * to the app, every message ends as a reply or a dead letter, and nothing is acknowledged that was not answered.
 */
class QueueRecoveryIT {

    @Test
    void killedWithMessagesInFlightEveryMessageStillEndsAsAReplyOrADeadLetter(@TempDir Path dir) throws Exception {
        int messages = 60;
        AppProcess.copyInto(dir, "routes");
        int brokerPort = AppProcess.freePort();
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            simulator.faults().latency(Duration.ofMillis(300));
            Map<Integer, Integer> outcomes = new HashMap<>();
            try (AppProcess app = AppProcess.start(dir, settings(simulator, brokerPort))) {
                try (Connection connection = connect(brokerPort)) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    send(session, messages);
                    MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));
                    while (outcomes.size() < 10) {
                        Message reply = replies.receive(30_000);
                        assertThat(reply).isNotNull();
                        outcomes.merge(reply.getIntProperty("SoakId"), 1, Integer::sum);
                    }
                }
                app.kill(); // kill -9, broker and all, with calls in flight
            }
            assertThat(outcomes.size()).isLessThan(messages);

            try (AppProcess restarted = AppProcess.start(dir, settings(simulator, brokerPort));
                 Connection connection = connect(brokerPort)) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                collect(session, outcomes, messages);
            }
            assertThat(outcomes.keySet()).hasSize(messages);
            long duplicates = outcomes.values().stream().filter(count -> count > 1).count();
            System.out.println("Crash and restart: " + messages + " messages, " + duplicates
                               + " answered twice (answered, but not yet acknowledged when the process died)");
        }
    }

    @Test
    void stoppingLetsCallsInFlightFinishAndLeavesTheRestOnTheQueue(@TempDir Path dir) throws Exception {
        int messages = 12;
        AppProcess.copyInto(dir, "routes");
        int brokerPort = AppProcess.freePort();
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            simulator.faults().latency(Duration.ofSeconds(2));
            Map<Integer, Integer> outcomes = new HashMap<>();
            long answeredBeforeStop;
            try (AppProcess app = AppProcess.start(dir, settings(simulator, brokerPort))) {
                try (Connection connection = connect(brokerPort)) {
                    send(connection.createSession(false, Session.AUTO_ACKNOWLEDGE), messages);
                }
                // four consumers: four messages in flight (create, then stream, 2 s each)
                await().atMost(Duration.ofSeconds(20)).until(() -> simulator.requestCount() >= 4);
                app.stop(); // SIGTERM: Camel's graceful shutdown (camel.main.shutdownTimeout)
                String log = app.log();
                assertThat(log).contains("inflight and pending exchanges to complete").contains("shutdown in");
                answeredBeforeStop = answered(log);
            }
            // the messages in flight were finished, not cut off...
            assertThat(answeredBeforeStop).isGreaterThanOrEqualTo(4);
            try (AppProcess restarted = AppProcess.start(dir, settings(simulator, brokerPort));
                 Connection connection = connect(brokerPort)) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                collect(session, outcomes, messages);
                // ...and the rest stayed on the queue, unacknowledged, for the next instance
                assertThat(answered(restarted.log())).isEqualTo(messages - answeredBeforeStop);
            }
            assertThat(outcomes.keySet()).hasSize(messages);
            assertThat(outcomes.values()).as("nothing answered twice").allMatch(count -> count == 1);
        }
    }

    private static long answered(String log) {
        return log.lines().filter(line -> line.contains("answered by chatOverStream")).count();
    }

    private static String[] settings(CopilotSimulator simulator, int brokerPort) {
        return new String[] {
                "camel.main.routesIncludePattern=file:routes/queue-trigger.yaml",
                "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                "camel.server.enabled=false",
                "camel.main.shutdownTimeout=20",
                "copilot.broker.port=" + brokerPort };
    }

    private static Connection connect(int brokerPort) throws Exception {
        Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection();
        connection.start();
        return connection;
    }

    private static void send(Session session, int messages) throws Exception {
        MessageProducer requests = session.createProducer(session.createQueue("copilot.requests"));
        requests.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int i = 0; i < messages; i++) {
            TextMessage request = session.createTextMessage("Recovery question " + i);
            request.setIntProperty("SoakId", i);
            requests.send(request);
        }
    }

    /** Replies and dead letters until every message has an outcome (or two minutes have passed). */
    private static void collect(Session session, Map<Integer, Integer> outcomes, int messages) throws Exception {
        MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));
        MessageConsumer deadLetters = session.createConsumer(session.createQueue("copilot.requests.DLQ"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (outcomes.size() < messages && System.nanoTime() < deadline) {
            for (Message message : new Message[] { replies.receive(100), deadLetters.receiveNoWait() }) {
                if (message != null) {
                    outcomes.merge(message.getIntProperty("SoakId"), 1, Integer::sum);
                }
            }
        }
        // late arrivals would be duplicates
        for (Message message = replies.receive(1_000); message != null; message = replies.receive(500)) {
            outcomes.merge(message.getIntProperty("SoakId"), 1, Integer::sum);
        }
    }
}
