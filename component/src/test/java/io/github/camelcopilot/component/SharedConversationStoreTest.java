package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.store.JdbcConversationStore;
import io.github.camelcopilot.store.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Camel contexts (two replicas) sharing one PostgreSQL store race on a new key: the key ends with one recorded
 * conversation, and every message of both goes there.
 */
class SharedConversationStoreTest {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    private static CamelContext replica() throws Exception {
        CamelContext context = new DefaultCamelContext();
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl(SIMULATOR.baseUrl());
        config.setAccessToken(CopilotSimulator.DEFAULT_TOKEN);
        config.setConversationStore(new JdbcConversationStore(TestPostgres.dataSource()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
            }
        });
        context.start();
        return context;
    }

    @Test
    void twoReplicasRacingOnANewKeyRecordOneConversation() throws Exception {
        CopilotSimulator simulator = SIMULATOR.simulator();
        // Slow creates, so that both replicas create a conversation before either records one.
        simulator.faults().enqueue(Fault.hang(Duration.ofMillis(500)).on(Fault.Operation.CREATE), 2);
        String key = "ticket-race-" + System.nanoTime();
        CamelContext first = replica();
        CamelContext second = replica();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Exchange>> results = new ArrayList<>();
            for (CamelContext context : List.of(first, second)) {
                ProducerTemplate template = context.createProducerTemplate();
                for (int i = 0; i < 3; i++) {
                    String prompt = context.getName() + " message " + i;
                    results.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return template.request("direct:chat", exchange -> {
                            exchange.getMessage().setBody(prompt);
                            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, key);
                        });
                    }));
                }
            }
            go.countDown();

            Set<String> used = new HashSet<>();
            for (CompletableFuture<Exchange> result : results) {
                Exchange exchange = result.get(60, TimeUnit.SECONDS);
                assertThat(exchange.getException()).isNull();
                used.add(exchange.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class));
            }
            JdbcConversationStore reader = new JdbcConversationStore(TestPostgres.dataSource());
            String recorded = reader.get(key).orElseThrow().conversationId();
            assertThat(used).containsExactly(recorded);
            assertThat(simulator.conversationTurnCount(recorded)).contains(6);
            // Both replicas created one; only the winner's was ever chatted in.
            assertThat(simulator.conversationCount()).isEqualTo(2);
            long chatsElsewhere = simulator.requests().stream()
                    .filter(request -> request.path().endsWith("/chat") && !request.path().contains(recorded)).count();
            assertThat(chatsElsewhere).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.get(key).orElseThrow().turnCount() == 6);
        } finally {
            first.close();
            second.close();
        }
    }
}
