package io.github.camelcopilot.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConstants;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PropertyBindingSupport;

/** The {@code copilot:} component in a route, with its defaults (retries, validation) left as they are. */
final class CopilotComponentBench extends CamelRouteBench {

    static final String NAME = "copilot component";
    /**
     * The iterator mode's bounded reader pool: the component option that sizes it and the size the benchmark sets.
     * Both are here so that they can be switched in one place; an option the component does not have is left out
     * (then {@link #readerPoolSize} is null and the component's own default applies).
     */
    static final String READER_POOL_OPTION = "streamReaderPoolSize";
    static final int READER_POOL_SIZE = 16;
    /** Updates that reached the seda consumer (final mode) or the split (deltas mode). */
    final AtomicLong updatesReceived = new AtomicLong();
    /** The reader pool size set on the component, or null when it has no such option. */
    final Integer readerPoolSize;
    /** The optional options the component declared and got. */
    final Map<String, Object> optionsSet = new LinkedHashMap<>();

    /**
     * On the TLS front the component trusts the benchmark's certificate through its {@code sslContextParameters};
     * {@value #READER_POOL_OPTION} is set only where the component declares it. Its connection limits stay at their
     * defaults (maxConnections 10,000 holds the 10,000 HTTP/1.1 streams; each run reports the connections it used).
     */
    CopilotComponentBench(BenchServer.Endpoint endpoint) throws Exception {
        super(endpoint.front());
        CopilotComponent copilot = context.getComponent("copilot", CopilotComponent.class);
        copilot.getConfiguration().setBaseUrl(endpoint.baseUrl());
        if (endpoint.isTls()) {
            copilot.getConfiguration().setSslContextParameters(endpoint.tls().camelParameters());
        }
        copilot.getConfiguration().setAccessToken(BenchServer.TOKEN);
        copilot.getConfiguration().setTimeZone("UTC");
        readerPoolSize = bindIfDeclared(copilot, READER_POOL_OPTION, READER_POOL_SIZE) ? READER_POOL_SIZE : null;
        String chatOptions = "?conversationId=" + BenchServer.CONVERSATION_ID;
        // The seda queue holds every update of 10,000 streams if its consumer falls behind.
        String updates = "seda:benchUpdates?size=200000";
        String relayingStream = "copilot:chatOverStream" + chatOptions + "&streamMode=final&updateUri=" + updates;
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

                from(directUri(Operation.STREAM_UPDATES))
                        .to(relayingStream);
                from(directUri(Operation.FIRST_UPDATE))
                        .to(relayingStream);
                from(updates)
                        .process(e -> {
                            e.getMessage().getBody(CopilotStreamUpdate.class);
                            FirstUpdate.arrived(e.getProperty(FIRST_UPDATE, FirstUpdate.class));
                            updatesReceived.incrementAndGet();
                        });

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

    /** Sets an option on the component or its configuration, whichever has it; false when neither does. */
    private boolean bindIfDeclared(CopilotComponent copilot, String option, Object value) {
        for (Object target : new Object[] {copilot, copilot.getConfiguration()}) {
            if (PropertyBindingSupport.build().withMandatory(false).bind(context, target, option, value)) {
                optionsSet.put(option, value);
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return NAME;
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
