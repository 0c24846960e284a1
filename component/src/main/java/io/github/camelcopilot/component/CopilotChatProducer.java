package io.github.camelcopilot.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.internal.client.CopilotResponse;
import io.github.camelcopilot.model.CopilotConversation;
import org.apache.camel.Exchange;

/** {@code chat}: the body becomes the reply text; the whole conversation goes to a header. */
final class CopilotChatProducer extends CopilotProducer {

    CopilotChatProducer(CopilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected CompletableFuture<Void> start(Exchange exchange) throws Exception {
        Turn turn = turn(exchange, requestTimeout(), "requestTimeout");
        return inConversation(turn, id -> client.chat(turn.call(), id, turn.request())
                .thenApply(response -> answered(turn, response)), CompletableFuture::completedStage);
    }

    private CopilotConversation answered(Turn turn, CopilotResponse<CopilotConversation> response) {
        CopilotConversation conversation = response.body();
        if (!conversation.hasCompleteTurn()) {
            throw new CompletionException(noReply(turn.exchange(), response));
        }
        setResponseHeaders(turn.exchange().getMessage(), response);
        answered(turn, conversation.getReplyText(), conversation);
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
