package io.github.camelcopilot.app;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.SimulatedEntra;
import io.github.camelcopilot.simulator.SimulatorReplies;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example routes of routes/ as a newcomer runs them: the packaged app in a working directory holding
 * routes/ and config/, its embedded Artemis broker, and a Copilot simulator (started here, so faults can be
 * injected) — driven through a file, a queue and HTTP (the page in a real browser: HttpCallersIT).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CopilotSimulator simulator;
    private static Process app;
    private static Path dir;
    private static Path log;
    private static int httpPort;
    private static int brokerPort;

    private static final String CLIENT_ID = "app-examples-it";
    private static final String CLIENT_SECRET = "app-examples-secret";

    @BeforeAll
    static void startApp() throws Exception {
        simulator = CopilotSimulator.start();
        simulator.entra().registerClient(CLIENT_ID, CLIENT_SECRET);
        dir = Files.createTempDirectory("copilot-app");
        AppProcess.copyInto(dir, "routes", "config");
        httpPort = freePort();
        brokerPort = freePort();
        log = dir.resolve("app.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcamel.component.copilot.baseUrl=" + simulator.baseUrl(),
                "-Dcamel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                // a real service is configured: HTTP callers need tokens of this app registration (HttpCallersIT)
                "-Dcopilot.http.auth.clientId=" + CLIENT_ID,
                "-Dcopilot.http.auth.clientSecret=" + CLIENT_SECRET,
                "-Dcopilot.http.auth.tenantId=" + SimulatedEntra.DEFAULT_TENANT,
                "-Dcopilot.http.auth.authorityEndpoint=" + simulator.authorityEndpoint(),
                "-Dcamel.server.port=" + httpPort,
                "-Dcopilot.broker.port=" + brokerPort,
                "-Dcopilot.demo.enabled=false",
                "-jar", new File(System.getProperty("app.jar", "target/camel-copilot-app.jar")).getAbsolutePath()));
        app = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> appLog().contains("camel-copilot is running") || !app.isAlive());
        assertThat(app.isAlive()).as(appLog()).isTrue();
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void theStartupBannerSaysWhatRunsWhere() throws Exception {
        assertThat(appLog()).contains("Copilot service : " + simulator.baseUrl())
                .contains("embedded ActiveMQ Artemis").contains("tcp://127.0.0.1:" + brokerPort)
                .contains("http://localhost:" + httpPort + "/")
                .contains("file-to-copilot").contains("queue-to-copilot").contains("http-ask-stream");
    }

    @Test
    @Order(2)
    void aPromptFileIsAnsweredIntoTheOutboxAndABadOneFailsWithItsReason() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        Files.writeString(inbox.resolve("plain.txt"), "Summarise the roadmap");
        Files.writeString(inbox.resolve("options.json"),
                "{\"prompt\": \"Compare the specs\", \"timeZone\": \"Europe/Berlin\", \"webEnabled\": false,"
                + " \"files\": [\"https://contoso.sharepoint.com/spec.docx\"]}");
        Files.writeString(inbox.resolve("windows.json"),
                "{\"prompt\": \"Hello\", \"timeZone\": \"Pacific Standard Time\"}");

        Path plain = dir.resolve("data/outbox/plain.json");
        Path options = dir.resolve("data/outbox/options.json");
        Path reason = dir.resolve("data/failed/windows.json.error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(plain) && Files.exists(options)
                                                            && Files.exists(reason));

        JsonNode result = JSON.readTree(plain.toFile());
        assertThat(result.get("reply").asText()).isEqualTo(SimulatorReplies.replyFor("Summarise the roadmap"));
        assertThat(result.get("conversationId").asText()).isNotBlank();
        assertThat(result.get("turn").asInt()).isEqualTo(1);
        assertThat(result.get("attributions")).hasSize(1);
        assertThat(JSON.readTree(options.toFile()).get("reply").asText())
                .isEqualTo(SimulatorReplies.replyFor("Compare the specs"));
        String sent = simulator.requests().stream().map(r -> r.body()).filter(b -> b.contains("Compare the specs"))
                .findFirst().orElseThrow();
        assertThat(sent).contains("\"timeZone\":\"Europe/Berlin\"").contains("\"isWebEnabled\":false")
                .contains("spec.docx");
        assertThat(Files.readString(reason)).contains("Pacific Standard Time").contains("IANA");
        // The file consumer moves its input once the exchange is done, which may be just after the outbox is written.
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("data/failed/windows.json"))
                                                            && Files.exists(dir.resolve("data/processed/plain.txt")));
        assertThat(simulator.requests()).noneMatch(r -> r.body().contains("Pacific Standard Time"));
    }

    @Test
    @Order(3)
    void queueMessagesAreAnsweredAndContinueTheirConversation() throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                .createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer requests = session.createProducer(session.createQueue("copilot.requests"));
            MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));

            TextMessage first = session.createTextMessage("First queued question");
            requests.send(first);
            Message reply = replies.receive(30_000);
            assertThat(reply).isNotNull();
            assertThat(reply.getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("First queued question"));
            assertThat(reply.getJMSCorrelationID()).isEqualTo(first.getJMSMessageID());
            String conversationId = reply.getStringProperty("CopilotConversationId");
            assertThat(conversationId).isNotBlank();

            TextMessage second = session.createTextMessage("Follow-up question");
            second.setStringProperty("CopilotConversationId", conversationId);
            requests.send(second);
            Message followUp = replies.receive(30_000);
            assertThat(followUp.getStringProperty("CopilotConversationId")).isEqualTo(conversationId);
            assertThat(followUp.getIntProperty("CopilotTurnCount")).isEqualTo(2);
        }
    }

    @Test
    @Order(4)
    void aMessageWhoseCallKeepsFailingIsRedeliveredThenDeadLetteredWithItsError() throws Exception {
        simulator.faults().enqueue(Fault.status(403).on(Fault.Operation.STREAM), 4);
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                .createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("copilot.requests"))
                    .send(session.createTextMessage("Doomed question"));
            Message dead = session.createConsumer(session.createQueue("copilot.requests.DLQ")).receive(30_000);

            assertThat(dead).isNotNull();
            assertThat(dead.getBody(String.class)).isEqualTo("Doomed question");
            assertThat(dead.getStringProperty("CopilotError")).contains("HTTP 403");
            long chats = simulator.requests().stream()
                    .filter(r -> r.path().endsWith("/chatOverStream") && r.body().contains("Doomed question")).count();
            assertThat(chats).isEqualTo(4); // the first try and three redeliveries
        }
    }

    @Test
    @Order(5)
    void aTurnTheServiceMayHaveProcessedIsDeadLetteredAtOnceNotSentAgain() throws Exception {
        simulator.faults().enqueue(Fault.status(504).on(Fault.Operation.STREAM));
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                .createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("copilot.requests"))
                    .send(session.createTextMessage("Gateway question"));
            Message dead = session.createConsumer(session.createQueue("copilot.requests.DLQ")).receive(30_000);

            assertThat(dead).isNotNull();
            assertThat(dead.getBody(String.class)).isEqualTo("Gateway question");
            assertThat(dead.getStringProperty("CopilotPossiblyProcessed")).isEqualTo("true");
            assertThat(dead.getStringProperty("CopilotError")).contains("HTTP 504").contains("may have processed");
            long chats = simulator.requests().stream()
                    .filter(r -> r.path().endsWith("/chatOverStream") && r.body().contains("Gateway question")).count();
            assertThat(chats).isEqualTo(1); // neither the component nor the route's redelivery sent it again
        }
    }

    @Test
    @Order(6)
    void postAskAnswersWithTheReplyAndTheStreamEndpointSpeaksServerSentEvents() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String caller = "Bearer " + simulator.entra().issueUserToken("adele@contoso.test", "api://" + CLIENT_ID);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/ask"))
                .header("Content-Type", "text/plain").header("Authorization", caller)
                .POST(HttpRequest.BodyPublishers.ofString("Asked over HTTP")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("reply").asText()).isEqualTo(SimulatorReplies.replyFor("Asked over HTTP"));

        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(uri("/ask/stream?q=Streamed%20over%20HTTP"))
                .header("Authorization", caller).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        String text = "";
        boolean last = false;
        for (String line : stream.body().filter(l -> l.startsWith("data: ")).toList()) {
            JsonNode update = JSON.readTree(line.substring(6));
            text = update.get("replacement").asBoolean() ? update.get("delta").asText() : text + update.get("delta").asText();
            last = update.get("last").asBoolean();
        }
        assertThat(last).isTrue();
        assertThat(text).isEqualTo(SimulatorReplies.replyFor("Streamed over HTTP"));
    }

    @Test
    @Order(7)
    void theHealthEndpointIncludesTheCopilotReadinessCheck() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                uri("/observe/health?exposureLevel=full")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode copilot = null;
        for (JsonNode check : JSON.readTree(health.body()).get("checks")) {
            if (check.get("name").asText().startsWith("producer:copilot-")) {
                copilot = check;
            }
        }
        assertThat(copilot).as(health.body()).isNotNull();
        assertThat(copilot.get("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(8)
    void theLogTellsWhatHappenedWithoutPromptsOrTokens() throws Exception {
        String output = appLog();
        assertThat(output).contains("Conversation ").contains("answered by chat in");
        assertThat(output).doesNotContain(CopilotSimulator.DEFAULT_TOKEN);
        assertThat(output.lines().filter(line -> line.contains(" INFO ")))
                .noneMatch(line -> line.contains("Summarise the roadmap") || line.contains("First queued question"));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static String appLog() throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
