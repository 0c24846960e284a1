package io.github.camelcopilot.bench;

import java.util.concurrent.atomic.AtomicLong;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConstants;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.builder.RouteBuilder;

/** The {@code copilot:} component in a route, with its defaults (retries, validation) left as they are. */
final class CopilotComponentBench extends CamelRouteBench {

    /** Updates that reached the seda consumer (final mode) or the split (deltas mode). */
    final AtomicLong updatesReceived = new AtomicLong();

    CopilotComponentBench(String baseUrl) throws Exception {
        CopilotComponent copilot = context.getComponent("copilot", CopilotComponent.class);
        copilot.getConfiguration().setBaseUrl(baseUrl);
        copilot.getConfiguration().setAccessToken(BenchServer.TOKEN);
        copilot.getConfiguration().setTimeZone("UTC");
        String chatOptions = "?conversationId=" + BenchServer.CONVERSATION_ID;
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from(directUri(Operation.CREATE))
                        .to("copilot:createConversation")
                        .transform().exchange(e -> e.getMessage().getBody(CopilotConversation.class).getId());

                from(directUri(Operation.CHAT))
                        .to("copilot:chat" + chatOptions);

                from(directUri(Operation.STREAM))
                        .to("copilot:chatOverStream" + chatOptions + "&streamMode=final");

                // The seda queue holds every update of 1,000 streams if its consumer falls behind.
                String updates = "seda:benchUpdates?size=200000";
                from(directUri(Operation.STREAM_UPDATES))
                        .to("copilot:chatOverStream" + chatOptions + "&streamMode=final&updateUri=" + updates);
                from(updates)
                        .process(e -> updatesReceived.incrementAndGet());

                from(directUri(Operation.STREAM_DELTAS))
                        .to("copilot:chatOverStream" + chatOptions + "&streamMode=deltas")
                        .split(body()).streaming()
                            .process(e -> {
                                e.getMessage().getBody(CopilotStreamUpdate.class);
                                updatesReceived.incrementAndGet();
                            })
                        .end()
                        .transform().exchange(e -> e.getMessage()
                                .getHeader(CopilotConstants.CONVERSATION, CopilotConversation.class).getReplyText());
            }
        });
    }

    @Override
    public String name() {
        return "copilot component";
    }

    @Override
    public boolean blocksCaller() {
        return false;
    }

    @Override
    protected Object body(Operation operation) {
        return operation == Operation.CREATE ? null : BenchServer.PROMPT;
    }
}
