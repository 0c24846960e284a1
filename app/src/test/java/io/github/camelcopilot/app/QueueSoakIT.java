package io.github.camelcopilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelcopilot.simulator.AppliedFault;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.RecordedRequest;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once from a queue, under faults: N messages through the app's queue route (embedded Artemis) while the
 * simulator injects, at random with a fixed seed, 10 % 5xx, 5 % 429 with fractional Retry-After, 2 % connection
 * resets, 1 % hangs past the timeout, 1 % truncated streams and 1 % malformed final events. Every message must end
 * exactly once as a reply or a dead letter carrying its error. The messages carry business keys (N / 20 keys unless
 * {@code soak.keys} says otherwise, sent with JMSXGroupID set to the key): each key keeps one conversation and never
 * has two turns at once. CI runs 500 messages over 25 keys; the full run is
 * {@code mvn -B verify -Dit.test=QueueSoakIT -Dsoak.messages=10000} (10,000 messages over 500 keys; figures in
 * target/soak/results.json).
 */
class QueueSoakIT {

    private static final long SEED = 20261126L;
    private static final Duration HANG = Duration.ofSeconds(3);

    @Test
    void everyMessageEndsExactlyOnceAsAReplyOrADeadLetter(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        int messages = Integer.getInteger("soak.messages", 500);
        int keys = Integer.getInteger("soak.keys", Math.max(1, messages / 20));
        AppProcess.copyInto(dir, "routes");
        Path logConfig = writeTraceLogging(dir);
        int brokerPort = AppProcess.freePort();
        try (CopilotSimulator simulator = CopilotSimulator.start()) {
            simulator.maxRecordedRequests(Math.max(10_000, messages * 6));
            simulator.faults().random(SEED, 0.20, faults());
            try (AppProcess app = AppProcess.start(dir,
                    "log4j2.configurationFile=" + logConfig,
                    "camel.main.routesIncludePattern=file:routes/queue-trigger.yaml",
                    "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                    "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                    "camel.component.copilot.requestTimeout=1500ms",
                    "camel.component.copilot.streamIdleTimeout=1500ms",
                    "camel.component.copilot.initialRetryDelay=100ms",
                    "camel.server.enabled=false",
                    "copilot.queue.consumers=16",
                    "copilot.broker.port=" + brokerPort);
                 Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                         .createConnection()) {
                ProcessSampler sampler = ProcessSampler.start(app.pid());
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer requests = session.createProducer(session.createQueue("copilot.requests"));
                requests.setDeliveryMode(DeliveryMode.PERSISTENT);
                long started = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    TextMessage request = session.createTextMessage("Soak question " + i);
                    request.setIntProperty("SoakId", i);
                    request.setStringProperty("CopilotConversationKey", "soak-key-" + (i % keys));
                    request.setStringProperty("JMSXGroupID", "soak-key-" + (i % keys));
                    requests.send(request);
                }

                Map<Integer, Integer> outcomes = new HashMap<>();
                Map<String, Set<String>> conversationsByKey = new HashMap<>();
                MessageConsumer replies = session.createConsumer(session.createQueue("copilot.replies"));
                MessageConsumer deadLetters = session.createConsumer(session.createQueue("copilot.requests.DLQ"));
                int replied = 0;
                int dead = 0;
                List<String> deadLetterErrors = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(Math.max(5, messages / 200)).toNanos();
                while (replied + dead < messages && System.nanoTime() < deadline) {
                    Message reply = replies.receive(100);
                    if (reply != null) {
                        outcomes.merge(reply.getIntProperty("SoakId"), 1, Integer::sum);
                        conversationsByKey.computeIfAbsent(reply.getStringProperty("CopilotConversationKey"),
                                key -> new HashSet<>()).add(reply.getStringProperty("CopilotConversationId"));
                        replied++;
                    }
                    Message deadLetter = deadLetters.receiveNoWait();
                    if (deadLetter != null) {
                        outcomes.merge(deadLetter.getIntProperty("SoakId"), 1, Integer::sum);
                        deadLetterErrors.add(deadLetter.getStringProperty("CopilotError"));
                        dead++;
                    }
                }
                long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);
                // anything arriving late would be a duplicate
                Message late = replies.receive(2_000);
                Message lateDead = deadLetters.receive(500);
                sampler.stop();

                List<AppliedFault> applied = simulator.faults().applied();
                Map<String, Long> injected = new TreeMap<>();
                for (AppliedFault fault : applied) {
                    injected.merge(kind(fault.fault()), 1L, Long::sum);
                }
                long lost = messages - outcomes.size();
                long duplicates = outcomes.values().stream().filter(count -> count > 1).count();
                long createHangs = applied.stream().filter(f -> f.fault().kind() == Fault.Kind.HANG
                                                               && f.operation() == Fault.Operation.CREATE).count();
                // One conversation per answered key; a create that hung past the timeout leaves one more behind.
                long extraConversations = Math.max(0, simulator.conversationCount() - conversationsByKey.size());
                long keysInSeveralConversations = conversationsByKey.values().stream()
                        .filter(conversations -> conversations.size() > 1).count();
                int concurrentTurns = simulator.maxConcurrentTurnsPerConversation();
                List<String> early = earlyRetries(applied, simulator.requests());
                long throttled = applied.stream().filter(f -> f.fault().status() == 429
                                                             && f.operation() == Fault.Operation.STREAM).count();
                long logBytes = Files.size(app.logFile());
                long leakingLines;
                boolean traced;
                try (var lines = Files.lines(app.logFile())) {
                    leakingLines = lines.filter(line -> line.contains(CopilotSimulator.DEFAULT_TOKEN)
                                                        || line.contains("Soak question")).count();
                }
                try (var lines = Files.lines(app.logFile())) {
                    traced = lines.anyMatch(line -> line.contains(" TRACE "));
                }
                // A create whose answer the client never got (a hang, or a slow answer on a loaded machine) leaves a
                // conversation behind that the retry does not know of: the only source of extra conversations.
                long createsUnanswered;
                try (var lines = Files.lines(app.logFile())) {
                    createsUnanswered = lines.filter(line -> line.contains("Copilot createConversation failed: no response"))
                            .count();
                }

                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("messages", messages);
                figures.put("keys", keys);
                figures.put("keysAnswered", conversationsByKey.size());
                figures.put("keysInSeveralConversations", keysInSeveralConversations);
                figures.put("maxConcurrentTurnsPerConversation", concurrentTurns);
                figures.put("seconds", seconds);
                figures.put("faultsInjected", injected);
                figures.put("requestsToService", simulator.requestCount());
                figures.put("replies", replied);
                figures.put("deadLetters", dead);
                figures.put("lost", lost);
                figures.put("duplicateOutcomes", duplicates);
                figures.put("extraConversations", extraConversations);
                figures.put("hangsOnCreate", createHangs);
                figures.put("createsUnanswered", createsUnanswered);
                figures.put("throttledStreamRetriesChecked", throttled);
                figures.put("retriesEarlierThanRetryAfter", early.size());
                figures.put("peakRssMiB", sampler.peakRssKib() / 1024);
                figures.put("peakThreads", sampler.peakThreads());
                figures.put("traceLogMiB", logBytes / (1024 * 1024));
                Path results = Files.createDirectories(Path.of("target/soak")).resolve("results.json");
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.toFile(), figures);
                System.out.println("Queue soak: " + figures);

                assertThat(lost).as("lost messages " + figures).isZero();
                assertThat(duplicates).as("messages answered twice " + figures).isZero();
                assertThat(late).as("late duplicate reply").isNull();
                assertThat(lateDead).as("late duplicate dead letter").isNull();
                assertThat(deadLetterErrors).allSatisfy(error -> assertThat(error).isNotBlank());
                assertThat(early).as("retries that did not wait for Retry-After").isEmpty();
                assertThat(extraConversations).as("conversations beyond one per answered key " + figures)
                        .isLessThanOrEqualTo(Math.max(createHangs, createsUnanswered) + dead);
                assertThat(keysInSeveralConversations).as("keys answered in more than one conversation " + figures)
                        .isZero();
                assertThat(concurrentTurns).as("turns of one conversation at the same time " + figures).isEqualTo(1);
                assertThat(injected.keySet()).contains("5xx", "429", "reset", "hang", "truncated", "malformed");
                // at TRACE: no token and no prompt anywhere in the whole run's output
                assertThat(leakingLines).as("log lines with the token or a prompt").isZero();
                assertThat(traced).as("the run logged at TRACE").isTrue();
            }
        }
    }

    /** 20 candidates at 1 % each: 10 x 5xx, 5 x 429 (fractional Retry-After), 2 x reset, hang, truncated, malformed. */
    private static Fault[] faults() {
        return new Fault[] {
                Fault.status(500), Fault.status(500), Fault.status(500), Fault.status(502), Fault.status(502),
                Fault.unavailable("0.1"), Fault.unavailable(null), Fault.unavailable("0.05"),
                Fault.status(504), Fault.status(504),
                Fault.throttled("0.05"), Fault.throttled("0.128"), Fault.throttled("0.2"), Fault.throttled("0.25"),
                Fault.throttled("0.3"),
                Fault.connectionReset(), Fault.connectionReset(),
                Fault.hang(HANG), Fault.truncatedStream(), Fault.malformedFinalEvent() };
    }

    private static String kind(Fault fault) {
        return switch (fault.kind()) {
            case CONNECTION_RESET -> "reset";
            case HANG -> "hang";
            case TRUNCATED_STREAM -> "truncated";
            case MALFORMED_FINAL_EVENT -> "malformed";
            default -> fault.status() == 429 ? "429" : "5xx";
        };
    }

    /**
     * For every 429 on a stream request, the next request with the same body (the retry of that prompt) must come
     * no earlier than the Retry-After after the 429 was sent.
     */
    private static List<String> earlyRetries(List<AppliedFault> applied, List<RecordedRequest> requests) {
        List<String> early = new ArrayList<>();
        for (AppliedFault fault : applied) {
            if (fault.fault().status() != 429 || fault.operation() != Fault.Operation.STREAM) {
                continue;
            }
            Duration wait = Duration.ofMillis(Math.round(Double.parseDouble(fault.fault().retryAfter()) * 1000));
            requests.stream()
                    .filter(r -> r.body().equals(fault.request().body()) && r.receivedAt().isAfter(fault.at()))
                    .findFirst()
                    .ifPresent(retry -> {
                        if (Duration.between(fault.at(), retry.receivedAt()).compareTo(wait) < 0) {
                            early.add(fault.fault().retryAfter() + " s answered after "
                                      + Duration.between(fault.at(), retry.receivedAt()).toMillis() + " ms");
                        }
                    });
        }
        return early;
    }

    /**
     * The app's logging with the connector and Camel at TRACE, so that the secrets check covers everything. It keeps
     * the one exception of the app's shipped configuration (camel-copilot-app-log4j2.properties).
     */
    private static Path writeTraceLogging(Path dir) throws Exception {
        return Files.writeString(dir.resolve("log4j2-trace.properties"), """
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d %-5level [%t] %c - %msg%n
                rootLogger.level = INFO
                rootLogger.appenderRef.console.ref = console
                logger.copilot.name = io.github.camelcopilot
                logger.copilot.level = TRACE
                logger.camel.name = org.apache.camel
                logger.camel.level = TRACE
                logger.artemis.name = org.apache.activemq
                logger.artemis.level = WARN
                # as in the app's own configuration: Camel Main logs configured values unmasked at DEBUG
                logger.mainHelper.name = org.apache.camel.main.MainHelper
                logger.mainHelper.level = INFO
                """);
    }

    /** Samples the app process's resident memory and thread count from /proc. */
    static final class ProcessSampler {
        private final Thread thread;
        private final AtomicLong peakRss = new AtomicLong();
        private final AtomicLong peakThreads = new AtomicLong();
        private volatile boolean running = true;

        private ProcessSampler(long pid) {
            Path status = Path.of("/proc/" + pid + "/status");
            thread = new Thread(() -> {
                while (running) {
                    try {
                        for (String line : Files.readAllLines(status)) {
                            if (line.startsWith("VmRSS:")) {
                                peakRss.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                            } else if (line.startsWith("Threads:")) {
                                peakThreads.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                            }
                        }
                        Thread.sleep(200);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "soak-sampler");
            thread.setDaemon(true);
        }

        static ProcessSampler start(long pid) {
            ProcessSampler sampler = new ProcessSampler(pid);
            sampler.thread.start();
            return sampler;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(1_000);
        }

        long peakRssKib() {
            return peakRss.get();
        }

        long peakThreads() {
            return peakThreads.get();
        }
    }
}
