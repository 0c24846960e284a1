package io.github.camelcopilot.component;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.internal.stream.SseFormatException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response without a reply (only the prompt echo, or no message) is an error naming the conversation's state and
 * ids, never the echo passed off as the answer: chat, and chatOverStream in the final and deltas modes, against a
 * loopback server that answers the way responsible-AI filtering does.
 */
class CopilotNoReplyTest extends CamelTestSupport {

    private static final String CONVERSATION = "0d110e7e-2b7a-4e0a-a2d1-4d4e0d1d0a11";
    private static final String PROMPT = "Tell me something you must not";

    private static HttpServer server;
    private static volatile String chatBody;
    private static volatile String streamBody;
    private final List<String> texts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/copilot/conversations/" + CONVERSATION + "/chat",
                exchange -> respond(exchange, "application/json", chatBody));
        server.createContext("/copilot/conversations/" + CONVERSATION + "/chatOverStream",
                exchange -> respond(exchange, "text/event-stream", streamBody));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl("http://127.0.0.1:" + server.getAddress().getPort());
        config.setAccessToken("test-token");
        config.setConversationId(CONVERSATION);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deltas").to("copilot:chatOverStream")
                        .split(body()).streaming()
                            .process(e -> texts.add(e.getMessage().getBody(CopilotStreamUpdate.class).getText()))
                        .end();
            }
        };
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("request-id", "req-42");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String conversation(String state, int turn, String... texts) {
        StringBuilder messages = new StringBuilder();
        for (String text : texts) {
            messages.append(messages.length() == 0 ? "" : ",").append("{\"id\":\"m").append(messages.length())
                    .append("\",\"text\":\"").append(text).append("\"}");
        }
        return "{\"id\":\"" + CONVERSATION + "\",\"state\":\"" + state + "\",\"turnCount\":" + turn
               + ",\"displayName\":\"x\",\"messages\":[" + messages + "]}";
    }

    private static String events(String... snapshots) {
        StringBuilder stream = new StringBuilder();
        int id = 0;
        for (String snapshot : snapshots) {
            stream.append("data: ").append(snapshot).append("\nid: ").append(++id).append("\n\n");
        }
        return stream.toString();
    }

    private Exchange send(String uri) {
        return template.send(uri, exchange -> exchange.getMessage().setBody(PROMPT));
    }

    @Test
    void aChatAnsweredWithOnlyThePromptEchoFailsNamingTheState() {
        chatBody = conversation("disengagedForRai", 1, PROMPT);

        Exchange done = send("copilot:chat");

        assertThat(done.getException()).isInstanceOf(CopilotNoReplyException.class).hasMessageNotContaining(PROMPT);
        CopilotNoReplyException noReply = (CopilotNoReplyException) done.getException();
        assertThat(noReply.getFailureKind()).isEqualTo(FailureKind.ANSWERED_UNUSABLE);
        assertThat(noReply.isPossiblyProcessed()).isTrue();
        assertThat(noReply.getConversationState()).isEqualTo("disengagedForRai");
        assertThat(noReply.getConversationId()).isEqualTo(CONVERSATION);
        assertThat(noReply.getRequestId()).isEqualTo("req-42");
        assertThat(done.getMessage().getHeaders()).doesNotContainKey(CopilotConstants.CONVERSATION);
    }

    @Test
    void aChatAnsweredWithoutAnyMessageFailsToo() {
        chatBody = conversation("active", 1);

        Exchange done = send("copilot:chat");

        assertThat(done.getException()).isInstanceOf(CopilotNoReplyException.class);
        CopilotNoReplyException noReply = (CopilotNoReplyException) done.getException();
        assertThat(noReply.getConversationState()).isEqualTo("active");
        assertThat(noReply.getConversationId()).isEqualTo(CONVERSATION);
    }

    @Test
    void aChatWithAReplyStillAnswers() {
        chatBody = conversation("active", 1, PROMPT, "Here it is");

        Exchange done = send("copilot:chat");

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isEqualTo("Here it is");
    }

    @Test
    void aFinalModeStreamEndingWithOnlyTheEchoFailsNamingTheState() {
        streamBody = events(conversation("active", 0), conversation("disengagedForRai", 1, PROMPT));

        Exchange done = send("copilot:chatOverStream?streamMode=final");

        assertThat(done.getException()).isInstanceOf(CopilotNoReplyException.class).hasMessageNotContaining(PROMPT)
                .hasCauseInstanceOf(SseFormatException.class);
        CopilotNoReplyException noReply = (CopilotNoReplyException) done.getException();
        assertThat(noReply.isDisengagedForRai()).isTrue();
        assertThat(noReply.getConversationId()).isEqualTo(CONVERSATION);
        assertThat(done.getMessage().getHeaders()).doesNotContainKey(CopilotConstants.CONVERSATION);
    }

    @Test
    void aDeltasStreamNeverHandsOutTheEchoAsAnUpdate() {
        streamBody = events(conversation("active", 0), conversation("active", 0, "Let me"),
                conversation("disengagedForRai", 1, PROMPT));

        Exchange done = send("direct:deltas");

        // the split rethrows the iterator's CopilotException wrapped
        assertThat(done.getException()).cause().isInstanceOf(CopilotNoReplyException.class)
                .satisfies(noReply -> assertThat(((CopilotNoReplyException) noReply).isDisengagedForRai()).isTrue());
        assertThat(texts).doesNotContain(PROMPT);
    }
}
