package io.github.camelcopilot.app;

import java.nio.file.Path;
import java.time.Duration;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Pipe examples of pipes/, run locally by the app (camel-yaml-dsl loads kind: Pipe) with Kamelets from the
 * official Apache catalog and ours, against the simulator.
 */
class PipesIT {

    @Test
    void thePipesRunThroughTheApp(@TempDir Path dir) throws Exception {
        AppProcess.copyInto(dir, "pipes");
        int brokerPort = AppProcess.freePort();
        // as a user would: point the Pipe at the broker (here the app's embedded one, on a free port)
        Path artemisPipe = dir.resolve("pipes/artemis-copilot-artemis.yaml");
        java.nio.file.Files.writeString(artemisPipe, java.nio.file.Files.readString(artemisPipe)
                .replace("tcp://localhost:61616", "tcp://127.0.0.1:" + brokerPort));
        try (CopilotSimulator simulator = CopilotSimulator.start();
             AppProcess app = AppProcess.start(dir,
                     "camel.main.routesIncludePattern=file:pipes/*.yaml",
                     "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                     "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                     "camel.server.port=0",
                     "copilot.broker.port=" + brokerPort)) {

            // timer-source -> copilot-chat-action -> log-sink
            String timerReply = SimulatorReplies.replyFor("What changed in the project this week?");
            await().atMost(Duration.ofSeconds(30)).until(() -> app.log().contains(timerReply));
            assertThat(simulator.requests()).anyMatch(r -> r.body().contains("\"timeZone\":\"Europe/Berlin\""));

            // jms-apache-artemis-source -> copilot-chat-action -> jms-apache-artemis-sink
            try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                    .createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("copilot.pipe.requests"))
                        .send(session.createTextMessage("Piped question"));
                Message reply = session.createConsumer(session.createQueue("copilot.pipe.replies")).receive(30_000);
                assertThat(reply).as(app.log()).isNotNull();
                assertThat(reply.getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Piped question"));
            }
        }
    }
}
