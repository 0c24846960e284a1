package io.github.camelcopilot.bench;

import java.util.UUID;

import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jackson.JacksonDataFormat;

/**
 * What a user writes without the component: camel-http and camel-jackson, with the same model classes and mapper.
 * camel-http blocks the calling thread for the whole call. Its connection pool is raised from the defaults (20
 * per host) so that it is not what limits concurrency 256.
 */
final class CamelHttpRouteBench extends CamelRouteBench {

    static final String NAME = "camel-http route";

    /** On the plain front only: camel-http's classic client speaks HTTP/1.1. */
    CamelHttpRouteBench(BenchServer.Endpoint endpoint) throws Exception {
        super(endpoint.front());
        String baseUrl = endpoint.baseUrl();
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        http.setMaxTotalConnections(1024);
        http.setConnectionsPerRoute(1024);
        String conversations = baseUrl + "/copilot/conversations";
        String conversation = conversations + "/" + BenchServer.CONVERSATION_ID;
        start(new RouteBuilder() {
            @Override
            public void configure() {
                JacksonDataFormat conversationJson = new JacksonDataFormat(CopilotJson.mapper(), CopilotConversation.class);
                JacksonDataFormat requestJson = new JacksonDataFormat(CopilotJson.mapper(), Object.class);

                from(directUri(Operation.CREATE))
                        .setBody(constant("{}"))
                        .process(CamelHttpRouteBench::requestHeaders)
                        .setHeader("Accept", constant("application/json"))
                        .to(conversations)
                        .unmarshal(conversationJson)
                        .transform().exchange(e -> e.getMessage().getBody(CopilotConversation.class).getId());

                from(directUri(Operation.CHAT))
                        .marshal(requestJson)
                        .process(CamelHttpRouteBench::requestHeaders)
                        .setHeader("Accept", constant("application/json"))
                        .to(conversation + "/chat")
                        .unmarshal(conversationJson)
                        .transform().exchange(e -> e.getMessage().getBody(CopilotConversation.class).getReplyText());

                // disableStreamCache: read the events as they arrive instead of buffering the whole body first.
                from(directUri(Operation.STREAM))
                        .marshal(requestJson)
                        .process(CamelHttpRouteBench::requestHeaders)
                        .setHeader("Accept", constant("text/event-stream"))
                        .to(conversation + "/chatOverStream?disableStreamCache=true")
                        .split(body().tokenize("\n"), new LatestSnapshot()).streaming()
                            .filter(body().startsWith("data:"))
                                .transform().exchange(e -> e.getMessage().getBody(String.class).substring(5))
                                .unmarshal(conversationJson)
                            .end()
                        .end()
                        .process(CamelHttpRouteBench::finalReply);
            }
        });
    }

    private static void requestHeaders(Exchange exchange) {
        var message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Authorization", "Bearer " + BenchServer.TOKEN);
        message.setHeader("client-request-id", UUID.randomUUID().toString());
    }

    private static void finalReply(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof CopilotConversation last) || last.getMessages().size() < 2) {
            throw new IllegalStateException("the stream ended without the final answer");
        }
        exchange.getMessage().setBody(last.getReplyText());
    }

    /** Keeps the latest parsed snapshot of the split (the other lines are id: and blank lines). */
    private static final class LatestSnapshot implements AggregationStrategy {
        @Override
        public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
            if (newExchange.getException() != null) {
                return newExchange;
            }
            return newExchange.getMessage().getBody() instanceof CopilotConversation || oldExchange == null
                    ? newExchange : oldExchange;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean blocksCaller() {
        return true;
    }

    @Override
    protected Object body(Operation operation) {
        return operation == Operation.CREATE ? "{}" : RawClient.chatRequest();
    }
}
