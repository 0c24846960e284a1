package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.model.CopilotConversation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** {@code createConversation}: the body becomes the new, empty CopilotConversation. */
final class CopilotCreateConversationProducer extends CopilotProducer {

    CopilotCreateConversationProducer(CopilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected CompletableFuture<Void> start(Exchange exchange) throws Exception {
        long started = System.nanoTime();
        return client.createConversation(call(exchange, CopilotOperation.createConversation, tokenFor(exchange),
                        requestTimeout(), "requestTimeout"))
                .thenAccept(response -> {
                    logStarted(response, started);
                    CopilotConversation conversation = response.body();
                    Message message = exchange.getMessage();
                    message.setBody(conversation);
                    setConversationHeaders(message, conversation);
                    setResponseHeaders(message, response);
                });
    }
}
