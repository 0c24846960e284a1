package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelcopilot.client.CopilotConversationStoreException;
import io.github.camelcopilot.store.CopilotConversationEntry;
import io.github.camelcopilot.store.CopilotConversationStore;
import io.github.camelcopilot.store.InMemoryConversationStore;
import io.github.camelcopilot.client.FailureKind;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A blocking store is called on the component's own pool; a failing one fails the exchange before anything is sent. */
class ConversationStoreCallsTest extends CopilotTestSupport {

    /** A blocking store (as JDBC is) that notes the threads calling it and can be made to fail. */
    static final class RecordingStore implements CopilotConversationStore {
        final InMemoryConversationStore entries = new InMemoryConversationStore();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        private void called() {
            threads.add(Thread.currentThread().getName());
            if (failing) {
                throw new IllegalStateException("database unreachable");
            }
        }

        @Override
        public Optional<CopilotConversationEntry> get(String key) {
            called();
            return entries.get(key);
        }

        @Override
        public Optional<CopilotConversationEntry> putIfAbsent(CopilotConversationEntry entry, Duration timeToLive) {
            called();
            return entries.putIfAbsent(entry, timeToLive);
        }

        @Override
        public boolean replace(CopilotConversationEntry expected, CopilotConversationEntry replacement,
                               Duration timeToLive) {
            called();
            return entries.replace(expected, replacement, timeToLive);
        }
    }

    @BindToRegistry("recording")
    private final RecordingStore store = new RecordingStore();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat?conversationStore=#recording");
            }
        };
    }

    private Exchange chat(String key, String prompt) {
        return template.request("direct:chat", exchange -> {
            exchange.getMessage().setBody(prompt);
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, key);
        });
    }

    @Test
    void aBlockingStoreIsCalledOnTheComponentsPoolOnly() {
        assertThat(chat("ticket-a", "One").getException()).isNull();
        assertThat(chat("ticket-a", "Two").getException()).isNull();

        assertThat(store.threads).isNotEmpty()
                .allSatisfy(thread -> assertThat(thread).contains("CopilotConversationStore"));
        // The turn is recorded after the exchange has gone on.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.entries.get("ticket-a").orElseThrow().turnCount() == 2);
    }

    @Test
    void aFailingStoreFailsTheExchangeBeforeAnythingIsSent() {
        store.failing = true;

        Exchange failed = chat("ticket-b", "Never sent");

        assertThat(failed.getException()).isInstanceOf(CopilotConversationStoreException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(failed.getException(CopilotConversationStoreException.class).getFailureKind())
                .isEqualTo(FailureKind.NOT_SENT);
        assertThat(simulator().requestCount()).isZero();

        store.failing = false;
        Exchange retried = chat("ticket-b", "Sent after all");
        assertThat(retried.getException()).isNull();
        assertThat(retried.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(true);
    }
}
