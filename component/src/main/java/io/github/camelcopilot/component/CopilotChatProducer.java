package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.internal.client.CopilotResponse;
import io.github.camelcopilot.internal.keyed.KeyedConversations;
import io.github.camelcopilot.model.CopilotConversation;
import org.apache.camel.Exchange;

/** {@code chat}: the body becomes the reply text; the whole conversation goes to a header. */
final class CopilotChatProducer extends CopilotProducer {

    private final ChatRequestFactory requests;

    CopilotChatProducer(CopilotEndpoint endpoint) {
        super(endpoint);
        this.requests = new ChatRequestFactory(endpoint.getConfiguration());
    }

    @Override
    protected CompletableFuture<Void> start(Exchange exchange) throws Exception {
        // Everything is checked before the first byte goes out, the conversation creation included.
        byte[] request = requests.create(exchange);
        String conversationId = conversationId(exchange);
        String key = conversationId == null ? conversationKey(exchange) : null;
        var token = tokenFor(exchange);
        var chat = call(exchange, CopilotOperation.chat, token, requestTimeout(), "requestTimeout");
        long started = System.nanoTime();
        if (key != null) {
            return keyedTurn(exchange, key, token, id -> client.chat(chat, id, request)
                    .thenApply(response -> KeyedConversations.Sent.of(answered(exchange, response, started))));
        }
        return conversationIdOrCreate(exchange, conversationId, token)
                .thenCompose(id -> client.chat(chat, id, request))
                .thenAccept(response -> answered(exchange, response, started));
    }

    /** Maps the reply onto the exchange. */
    private static CopilotConversation answered(Exchange exchange, CopilotResponse<CopilotConversation> response,
                                                long started) {
        CopilotConversation conversation = response.body();
        if (!conversation.hasCompleteTurn()) {
            throw new CompletionException(noReply(exchange, response));
        }
        setResponseHeaders(exchange.getMessage(), response);
        answered("chat", exchange.getMessage(), conversation.getReplyText(), conversation, started);
        return conversation;
    }

    /** Only the prompt echo, or nothing, came back: that is never the answer. */
    private static CopilotNoReplyException noReply(Exchange exchange, CopilotResponse<CopilotConversation> response) {
        CopilotConversation conversation = response.body();
        String state = conversation.getState();
        String why = CopilotConversation.STATE_DISENGAGED_FOR_RAI.equals(state)
                ? ": responsible-AI filtering closed the conversation, start a new one"
                : "";
        return CopilotException.builder("Copilot chat returned no reply (" + conversation.getMessages().size()
                                        + " message(s), the prompt echo at most) in conversation "
                                        + conversation.getId() + ", turn " + conversation.getTurnCount() + ", state "
                                        + state + why, exchange)
                .status(200).ids(response.requestId(), response.clientRequestId())
                .build(built -> new CopilotNoReplyException(built, conversation.getId(), state));
    }
}
