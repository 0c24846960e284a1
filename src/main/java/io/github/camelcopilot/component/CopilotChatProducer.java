package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotConversation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

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
        CopilotChatRequest request = requests.create(exchange);
        String conversationId = conversationId(exchange);
        var token = tokenFor(exchange);
        var chat = call(exchange, "Copilot chat", token, requestTimeout(), "requestTimeout");
        long started = System.nanoTime();
        return conversationIdOrCreate(exchange, conversationId, token)
                .thenCompose(id -> client.chat(chat, id, request))
                .thenAccept(response -> {
                    CopilotConversation conversation = response.body();
                    Message message = exchange.getMessage();
                    message.setBody(conversation.getReplyText());
                    message.setHeader(CopilotConstants.CONVERSATION, conversation);
                    setConversationHeaders(message, conversation);
                    setResponseHeaders(message, response);
                    logAnswered("chat", conversation, started, message);
                });
    }
}
