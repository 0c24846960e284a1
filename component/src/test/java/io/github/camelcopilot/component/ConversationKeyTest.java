package io.github.camelcopilot.component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNotFoundException;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.store.CopilotConversationEntry;
import io.github.camelcopilot.store.InMemoryConversationStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Conversations per business key, over real HTTP against the simulator. */
class ConversationKeyTest extends CopilotTestSupport {

    /** The only store bean: autowired into the component. */
    @BindToRegistry("conversations")
    private final InMemoryConversationStore store = new InMemoryConversationStore();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
                from("direct:final").to("copilot:chatOverStream?streamMode=final");
                from("direct:deltas").to("copilot:chatOverStream")
                        .split(body()).streaming().to("mock:delta").end();
                from("direct:snapshots").to("copilot:chatOverStream?streamMode=snapshots")
                        .split(body()).streaming().to("mock:snapshot").end();
                from("direct:maxTurns").to("copilot:chat?maxTurns=2");
                from("direct:idle").to("copilot:chat?conversationIdleTimeout=10m");
                from("direct:fixedKey").to("copilot:chat?conversationKey=ticket-fixed");
                from("direct:slowStream").to("copilot:chatOverStream")
                        .split(body()).streaming().to("mock:slow").end();
                from("direct:impatient").to("copilot:chat?requestTimeout=300");
            }
        };
    }

    private Exchange chat(String uri, String key, String prompt) {
        Exchange result = template.request(uri, exchange -> {
            exchange.getMessage().setBody(prompt);
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, key);
        });
        assertThat(result.getException()).as("exchange failure").isNull();
        return result;
    }

    private static String conversationOf(Exchange exchange) {
        return exchange.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
    }

    private List<RecordedRequest> chatsTo(String conversationId) {
        return simulator().requests().stream()
                .filter(request -> request.path().contains("/conversations/" + conversationId + "/")).toList();
    }

    private long creates() {
        return simulator().requests().stream().filter(request -> request.path().endsWith("/conversations")).count();
    }

    @Test
    void aKeyContinuesItsConversation() {
        Exchange first = chat("direct:chat", "ticket-1", "First question");
        Exchange second = chat("direct:chat", "ticket-1", "Second question");
        Exchange other = chat("direct:chat", "ticket-2", "Another ticket");

        assertThat(conversationOf(second)).isEqualTo(conversationOf(first));
        assertThat(conversationOf(other)).isNotEqualTo(conversationOf(first));
        assertThat(first.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(true);
        assertThat(second.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(false);
        assertThat(second.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isNull();
        assertThat(second.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(2);
        assertThat(second.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Second question"));
        assertThat(creates()).isEqualTo(2);
        // The turn is recorded once the exchange has gone on.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("ticket-1").orElseThrow().turnCount() == 2);
        CopilotConversationEntry entry = store.get("ticket-1").orElseThrow();
        assertThat(entry.conversationId()).isEqualTo(conversationOf(first));
        assertThat(entry.turnCount()).isEqualTo(2);
        assertThat(entry.state()).isEqualTo("active");
    }

    @Test
    void theKeyOptionAndTheStreamingOperationsUseTheSameRecord() throws Exception {
        Exchange first = template.request("direct:fixedKey", exchange -> exchange.getMessage().setBody("Fixed key"));
        Exchange streamed = chat("direct:final", "ticket-fixed", "Streamed in the same conversation");
        getMockEndpoint("mock:delta").expectedMinimumMessageCount(2);
        Exchange deltas = chat("direct:deltas", "ticket-fixed", "Deltas in the same conversation");
        getMockEndpoint("mock:delta").assertIsSatisfied();

        assertThat(first.getException()).isNull();
        assertThat(conversationOf(streamed)).isEqualTo(conversationOf(first));
        assertThat(conversationOf(deltas)).isEqualTo(conversationOf(first));
        assertThat(streamed.getMessage().getBody(String.class))
                .isEqualTo(SimulatorReplies.replyFor("Streamed in the same conversation"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.get("ticket-fixed").orElseThrow().turnCount() == 3);
        assertThat(simulator().conversationTurnCount(conversationOf(first))).contains(3);
    }

    @Test
    void anExplicitConversationIdWinsOverTheKey() {
        Exchange keyed = chat("direct:chat", "ticket-3", "Keyed");
        Exchange explicit = template.request("direct:chat", exchange -> {
            exchange.getMessage().setBody("Explicit");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-3");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, "11111111-2222-3333-4444-555555555555");
        });

        assertThat(explicit.getException()).isInstanceOf(CopilotNotFoundException.class);
        assertThat(lastRequest().path()).contains("11111111-2222-3333-4444-555555555555");
        assertThat(explicit.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isNull();
        // The key's record is untouched, and no rollover happened for it.
        assertThat(store.get("ticket-3").orElseThrow().conversationId()).isEqualTo(conversationOf(keyed));
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void aDisengagedConversationIsRetiredAndTheNextMessageStartsANewOne() {
        Exchange first = chat("direct:chat", "ticket-4", "Something " + SimulatorReplies.DISENGAGE_TRIGGER);
        String old = conversationOf(first);
        assertThat(first.getMessage().getHeader(CopilotConstants.CONVERSATION_STATE)).isEqualTo("disengagedForRai");
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("ticket-4").orElseThrow().isDisengaged());

        Exchange second = chat("direct:chat", "ticket-4", "Next message");
        Exchange third = chat("direct:chat", "ticket-4", "And another");

        String replacement = conversationOf(second);
        assertThat(replacement).isNotEqualTo(old);
        assertThat(second.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(true);
        assertThat(second.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(old);
        assertThat(second.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Next message"));
        assertThat(conversationOf(third)).isEqualTo(replacement);
        assertThat(third.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(false);
        // Nothing more went to the disengaged conversation.
        assertThat(chatsTo(old)).hasSize(1);
        assertThat(chatsTo(replacement)).hasSize(2);
    }

    @Test
    void aVanishedConversationGetsTheSameMessageInANewOneOnce() {
        Exchange first = chat("direct:chat", "ticket-5", "Before it expired");
        String old = conversationOf(first);
        assertThat(simulator().expireConversation(old)).isTrue();

        Exchange second = chat("direct:final", "ticket-5", "After it expired");

        String replacement = conversationOf(second);
        assertThat(replacement).isNotEqualTo(old);
        assertThat(second.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("After it expired"));
        assertThat(second.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(old);
        assertThat(second.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(true);
        List<RecordedRequest> toOld = chatsTo(old);
        assertThat(toOld).hasSize(2);
        List<RecordedRequest> toNew = chatsTo(replacement);
        assertThat(toNew).hasSize(1);
        assertThat(toNew.get(0).body()).isEqualTo(toOld.get(1).body()).contains("After it expired");
        assertThat(store.get("ticket-5").orElseThrow().conversationId()).isEqualTo(replacement);
    }

    @Test
    void streamsRollOverToo() throws Exception {
        Exchange disengaging = chat("direct:final", "ticket-12", "Streamed " + SimulatorReplies.DISENGAGE_TRIGGER);
        String first = conversationOf(disengaging);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("ticket-12").orElseThrow().isDisengaged());

        getMockEndpoint("mock:delta").expectedMinimumMessageCount(2);
        Exchange afterDisengaged = chat("direct:deltas", "ticket-12", "Streamed after");
        getMockEndpoint("mock:delta").assertIsSatisfied();
        String second = conversationOf(afterDisengaged);
        assertThat(second).isNotEqualTo(first);
        assertThat(afterDisengaged.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(first);
        assertThat(chatsTo(first)).hasSize(1);

        simulator().expireConversation(second);
        Exchange afterExpiry = chat("direct:deltas", "ticket-12", "Streamed after expiry");
        String third = conversationOf(afterExpiry);
        assertThat(third).isNotIn(first, second);
        assertThat(afterExpiry.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(second);
        assertThat(chatsTo(third)).singleElement().satisfies(request -> assertThat(request.path())
                .endsWith("/chatOverStream"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.get("ticket-12").orElseThrow().conversationId().equals(third)
                             && store.get("ticket-12").orElseThrow().turnCount() == 1);
    }

    @Test
    void aSecondNotFoundFailsTheExchangeInsteadOfTryingAgain() {
        chat("direct:chat", "ticket-6", "Recorded");
        simulator().faults().enqueue(Fault.status(404).on(Fault.Operation.CHAT), 2);

        Exchange failed = template.request("direct:chat", exchange -> {
            exchange.getMessage().setBody("Lost twice");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-6");
        });

        assertThat(failed.getException()).isInstanceOf(CopilotNotFoundException.class);
        long chats = simulator().requests().stream().filter(request -> request.path().endsWith("/chat")).count();
        assertThat(chats).isEqualTo(3); // the first message, then the failing one and its one re-send
        assertThat(creates()).isEqualTo(2);
    }

    /**
     * The store still has the key's conversation as active, but Copilot disengaged from it (here through a chat that
     * named the conversation instead of the key, as another replica's turn that failed before updating the store
     * would leave it): the service refuses the chat with 400, and the same message goes to a new conversation.
     */
    @ParameterizedTest
    @ValueSource(strings = { "direct:chat", "direct:final", "direct:deltas", "direct:snapshots" })
    void aConversationDisengagedBehindTheStoresBackGetsTheMessageInANewOne(String uri) {
        Exchange first = chat("direct:chat", "ticket-14", "Recorded");
        String old = conversationOf(first);
        Exchange behindTheBack = template.request("direct:chat", exchange -> {
            exchange.getMessage().setBody("Unkeyed " + SimulatorReplies.DISENGAGE_TRIGGER);
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, old);
        });
        assertThat(behindTheBack.getException()).isNull();
        assertThat(simulator().conversationState(old)).contains("disengagedForRai");
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("ticket-14").orElseThrow().turnCount() == 1);
        assertThat(store.get("ticket-14").orElseThrow().isDisengaged()).isFalse();

        Exchange refused;
        try (ActivityLogCapture activity = ActivityLogCapture.start()) {
            refused = chat(uri, "ticket-14", "Sent to a refusing conversation");
            assertThat(activity.text())
                    .contains("Conversation " + old + " of key ticket-14 did not take the message (refused (400))")
                    .containsPattern("Conversation " + old + " of key ticket-14 replaced by \\S+ \\(refused \\(400\\)\\)");
        }

        String replacement = conversationOf(refused);
        assertThat(replacement).isNotEqualTo(old);
        assertThat(refused.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(old);
        assertThat(refused.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED)).isEqualTo(true);
        List<RecordedRequest> toOld = chatsTo(old);
        assertThat(toOld).hasSize(3); // the first message, the unkeyed one, and the refused one
        assertThat(chatsTo(replacement)).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(toOld.get(2).body())
                        .contains("Sent to a refusing conversation"));
        assertThat(creates()).isEqualTo(2);
        assertThat(simulator().conversationTurnCount(replacement)).contains(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("ticket-14").orElseThrow().turnCount() == 1
                && store.get("ticket-14").orElseThrow().conversationId().equals(replacement));

        Exchange next = chat(uri, "ticket-14", "And then");
        assertThat(conversationOf(next)).isEqualTo(replacement);
        assertThat(chatsTo(old)).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({ "direct:chat, CHAT", "direct:deltas, STREAM" })
    void aRefusalInTheNewConversationEndsTheExchangeWithIt(String uri, Fault.Operation operation) {
        String old = conversationOf(chat(uri, "ticket-15", "Recorded"));
        simulator().faults().enqueue(Fault.status(400).on(operation), 2);

        Exchange failed = template.request(uri, exchange -> {
            exchange.getMessage().setBody("Refused twice");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-15");
        });

        assertThat(failed.getException()).isInstanceOf(CopilotException.class);
        assertThat(((CopilotException) failed.getException()).getStatusCode()).isEqualTo(400);
        assertThat(creates()).isEqualTo(2); // the key's first conversation and exactly one replacement
        String replacement = failed.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
        assertThat(replacement).isNotEqualTo(old);
        assertThat(chatsTo(old)).hasSize(2);
        assertThat(chatsTo(replacement)).hasSize(1);
        assertThat(simulator().faults().pending()).isZero();
        assertThat(store.get("ticket-15").orElseThrow().conversationId()).isEqualTo(replacement);
    }

    /** A conversation this message has just created did not refuse it for being retired: the message is at fault. */
    @Test
    void aRefusalInAConversationJustCreatedForTheKeyIsNotRetried() {
        simulator().faults().enqueue(Fault.status(400).on(Fault.Operation.CHAT));

        Exchange failed = template.request("direct:chat", exchange -> {
            exchange.getMessage().setBody("A new key's first message");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-17");
        });

        assertThat(failed.getException()).isInstanceOf(CopilotException.class);
        assertThat(((CopilotException) failed.getException()).getStatusCode()).isEqualTo(400);
        assertThat(creates()).isEqualTo(1);
        assertThat(store.get("ticket-17").orElseThrow().conversationId()).isEqualTo(conversationOf(failed));
    }

    /** Refusals that say the conversation takes no more turns roll over; sign-in, permission and throttling not. */
    @ParameterizedTest
    @CsvSource({ "409, true", "410, true", "422, true", "401, false", "403, false", "429, false" })
    void onlyRefusalsOfTheConversationRollOver(int status, boolean rollsOver) {
        String old = conversationOf(chat("direct:chat", "ticket-16", "Recorded"));
        // Enough for every retry of a status the component retries (401 once, 429 up to maxRetries).
        simulator().faults().enqueue(Fault.status(status).on(Fault.Operation.CHAT), rollsOver ? 1 : 5);

        Exchange result = template.request("direct:chat", exchange -> {
            exchange.getMessage().setBody("Status " + status);
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-16");
        });

        if (rollsOver) {
            assertThat(result.getException()).isNull();
            assertThat(creates()).isEqualTo(2);
            assertThat(result.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(old);
            assertThat(store.get("ticket-16").orElseThrow().conversationId()).isEqualTo(conversationOf(result))
                    .isNotEqualTo(old);
        } else {
            assertThat(result.getException()).isInstanceOf(CopilotException.class);
            assertThat(((CopilotException) result.getException()).getStatusCode()).isEqualTo(status);
            assertThat(creates()).isEqualTo(1);
            assertThat(store.get("ticket-16").orElseThrow().conversationId()).isEqualTo(old);
        }
    }

    @Test
    void maxTurnsStartsANewConversation() {
        Exchange first = chat("direct:maxTurns", "ticket-7", "One");
        Exchange second = chat("direct:maxTurns", "ticket-7", "Two");
        Exchange third = chat("direct:maxTurns", "ticket-7", "Three");

        assertThat(conversationOf(second)).isEqualTo(conversationOf(first));
        assertThat(conversationOf(third)).isNotEqualTo(conversationOf(first));
        assertThat(third.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID))
                .isEqualTo(conversationOf(first));
        assertThat(third.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(1);
    }

    @Test
    void anIdleConversationIsReplaced() {
        Exchange first = chat("direct:idle", "ticket-8", "Long ago");
        Exchange recent = chat("direct:idle", "ticket-8", "Not idle yet");
        assertThat(conversationOf(recent)).isEqualTo(conversationOf(first));
        // The key was last used an hour ago: move its record back in time rather than waiting.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.get("ticket-8").orElseThrow().turnCount() == 2);
        CopilotConversationEntry current = store.get("ticket-8").orElseThrow();
        assertThat(store.replace(current, current.afterTurn(Instant.now().minus(Duration.ofHours(1)),
                current.turnCount(), current.state()), null)).isTrue();

        Exchange later = chat("direct:idle", "ticket-8", "An hour later");

        assertThat(conversationOf(later)).isNotEqualTo(conversationOf(first));
        assertThat(later.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID))
                .isEqualTo(conversationOf(first));
    }

    @Test
    void turnsOfOneKeyNeverOverlap() throws Exception {
        simulator().faults().latency(Duration.ofMillis(100));
        int messages = 6;
        List<CompletableFuture<Exchange>> results = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String prompt = "Message " + i;
            results.add(template.asyncSend("direct:chat", exchange -> {
                exchange.getMessage().setBody(prompt);
                exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-9");
            }));
        }
        // Another key meanwhile is not held up behind ticket-9 (it has its own queue).
        Exchange other = chat("direct:chat", "ticket-10", "Independent");

        Set<String> conversations = new java.util.HashSet<>();
        Set<Object> turns = new java.util.TreeSet<>();
        for (CompletableFuture<Exchange> result : results) {
            Exchange exchange = result.get(30, TimeUnit.SECONDS);
            assertThat(exchange.getException()).isNull();
            Message message = exchange.getMessage();
            conversations.add(message.getHeader(CopilotConstants.CONVERSATION_ID, String.class));
            turns.add(message.getHeader(CopilotConstants.TURN_COUNT, Integer.class));
        }
        assertThat(conversations).hasSize(1).doesNotContain(conversationOf(other));
        assertThat(turns).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(simulator().maxConcurrentTurnsPerConversation()).isEqualTo(1);
        assertThat(creates()).isEqualTo(2);
    }

    @Test
    void aMessageWaitingTooLongBehindItsKeyFailsUnsent() throws Exception {
        simulator().streamEventDelay(Duration.ofMillis(150));
        CompletableFuture<Exchange> reading = template.asyncSend("direct:slowStream", exchange -> {
            exchange.getMessage().setBody("A long streamed answer");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-13");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator().requests().stream()
                .anyMatch(request -> request.path().endsWith("/chatOverStream")));

        Exchange impatient = template.request("direct:impatient", exchange -> {
            exchange.getMessage().setBody("Asked while the stream is read");
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-13");
        });

        assertThat(impatient.getException()).isInstanceOf(io.github.camelcopilot.client.CopilotException.class)
                .hasMessageContaining("previous turn of key 'ticket-13' was still running");
        assertThat(reading.get(30, TimeUnit.SECONDS).getException()).isNull();
        assertThat(simulator().requests()).noneMatch(request -> request.body().contains("Asked while"));
        // The abandoned place in the queue does not hold the key.
        Exchange later = chat("direct:impatient", "ticket-13", "Asked afterwards");
        assertThat(conversationOf(later)).isEqualTo(conversationOf(reading.get()));
        assertThat(later.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(2);
    }

    @Test
    void theStoreBeanWasAutowired() {
        chat("direct:chat", "ticket-11", "Where is it kept?");
        assertThat(store.get("ticket-11")).isPresent();
        assertThat(simulator().requests().stream().map(RecordedRequest::path).collect(Collectors.toList()))
                .hasSize(2);
    }
}
