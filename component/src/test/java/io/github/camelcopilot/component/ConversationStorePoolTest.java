package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelcopilot.store.CopilotConversationEntry;
import io.github.camelcopilot.store.CopilotConversationStore;
import io.github.camelcopilot.store.InMemoryConversationStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** conversationStorePoolSize threads call a blocking store at once, no more; the pool ends with its last endpoint. */
class ConversationStorePoolTest extends CopilotTestSupport {

    private static final int POOL_SIZE = 3;

    /** A blocking store whose reads wait for the test's go, counting the calls under way. */
    static final class GatedStore implements CopilotConversationStore {
        final InMemoryConversationStore entries = new InMemoryConversationStore();
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<CopilotConversationEntry> get(String key) {
            threads.add(Thread.currentThread());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                go.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return entries.get(key);
        }

        @Override
        public Optional<CopilotConversationEntry> putIfAbsent(CopilotConversationEntry entry, Duration timeToLive) {
            return entries.putIfAbsent(entry, timeToLive);
        }

        @Override
        public boolean replace(CopilotConversationEntry expected, CopilotConversationEntry replacement,
                               Duration timeToLive) {
            return entries.replace(expected, replacement, timeToLive);
        }
    }

    @BindToRegistry("gated")
    private final GatedStore store = new GatedStore();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getComponent("copilot", CopilotComponent.class).setConversationStorePoolSize(POOL_SIZE);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").routeId("keyed").to("copilot:chat?conversationStore=#gated");
            }
        };
    }

    @Test
    void thePoolSizeBoundsTheStoreCallsAndStoppingTheEndpointEndsItsThreads() throws Exception {
        List<CompletableFuture<Exchange>> results = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE + 2; i++) {
            String key = "ticket-" + i;
            results.add(template.asyncSend("direct:chat", exchange -> {
                exchange.getMessage().setBody("Hello");
                exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, key);
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.running.get() == POOL_SIZE);
        store.go.countDown();
        for (CompletableFuture<Exchange> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(store.mostAtOnce).hasValue(POOL_SIZE);
        assertThat(store.threads).hasSize(POOL_SIZE);

        context.getRouteController().stopRoute("keyed");
        context.removeRoute("keyed"); // and with it its endpoint, the store's last
        await().atMost(Duration.ofSeconds(10)).until(() -> store.threads.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void aPoolSizeBelowOneFailsTheComponentsStart() {
        CopilotComponent component = new CopilotComponent();
        component.setCamelContext(context);
        component.setConversationStorePoolSize(0);
        assertThatThrownBy(component::start).isInstanceOf(IllegalArgumentException.class);
    }
}
