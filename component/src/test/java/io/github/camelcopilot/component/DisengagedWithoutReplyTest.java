package io.github.camelcopilot.component;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.camelcopilot.client.CopilotNoReplyException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that closes a key's conversation by responsible-AI filtering without any reply (only the prompt echo, in
 * state disengagedForRai): the message fails clearly, and the key's next message starts a new conversation; nothing
 * more is sent to the closed one. A loopback look-alike of Graph, not the simulator, so that only the documented
 * shapes are relied on.
 */
class DisengagedWithoutReplyTest extends CamelTestSupport {

    private static final String PROMPT_CLOSED = "A question the filter closes";

    private HttpServer server;
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final List<String> chattedTo = new CopyOnWriteArrayList<>();

    private void startServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/copilot/conversations", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        startServer();
        CamelContext context = super.createCamelContext();
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl("http://127.0.0.1:" + server.getAddress().getPort());
        config.setAccessToken("test-token");
        return context;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String[] path = exchange.getRequestURI().getPath().split("/");
        if (path.length == 3) { // POST /copilot/conversations
            String id = UUID.randomUUID().toString();
            created.add(id);
            respond(exchange, 201, "application/json", conversation(id, "active", 0));
            return;
        }
        String id = path[3];
        chattedTo.add(id);
        boolean closes = body.contains(PROMPT_CLOSED);
        String reply = closes ? conversation(id, "disengagedForRai", 1, PROMPT_CLOSED)
                : conversation(id, "active", 1, "echo", "An answer");
        if (path[4].equals("chatOverStream")) {
            respond(exchange, 200, "text/event-stream", "data: " + reply + "\nid: 1\n\n");
        } else {
            respond(exchange, 200, "application/json", reply);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String conversation(String id, String state, int turn, String... texts) {
        StringBuilder messages = new StringBuilder();
        for (String text : texts) {
            messages.append(messages.length() == 0 ? "" : ",").append("{\"id\":\"m").append(messages.length())
                    .append("\",\"text\":\"").append(text).append("\"}");
        }
        return "{\"id\":\"" + id + "\",\"state\":\"" + state + "\",\"turnCount\":" + turn
               + ",\"displayName\":\"\",\"messages\":[" + messages + "]}";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deltas").to("copilot:chatOverStream?streamMode=deltas")
                        .split(body()).streaming().to("mock:read").end();
                from("direct:snapshots").to("copilot:chatOverStream?streamMode=snapshots")
                        .split(body()).streaming().to("mock:read").end();
            }
        };
    }

    private Exchange ask(String uri, String prompt) {
        return template.send(uri, exchange -> {
            exchange.getMessage().setHeader(CopilotConstants.CONVERSATION_KEY, "ticket-7");
            exchange.getMessage().setBody(prompt);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "copilot:chat", "copilot:chatOverStream?streamMode=final" })
    void theKeysNextMessageStartsANewConversationAndNothingMoreGoesToTheClosedOne(String uri) {
        Exchange closed = ask(uri, PROMPT_CLOSED);

        assertThat(closed.getException()).isInstanceOf(CopilotNoReplyException.class);
        assertThat(((CopilotNoReplyException) closed.getException()).isDisengagedForRai()).isTrue();
        assertThat(created).hasSize(1);
        String first = created.get(0);

        Exchange next = ask(uri, "The next question");

        assertThat(next.getException()).isNull();
        assertThat(next.getMessage().getBody(String.class)).isEqualTo("An answer");
        assertThat(created).hasSize(2);
        assertThat(next.getMessage().getHeader(CopilotConstants.CONVERSATION_ID)).isEqualTo(created.get(1));
        assertThat(next.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(first);
        assertThat(next.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED, Boolean.class)).isTrue();
        assertThat(chattedTo).containsExactly(first, created.get(1));
    }

    /** The iterator modes: the route reads the stream, which ends without an answer; the key is retired all the same. */
    @ParameterizedTest
    @ValueSource(strings = { "direct:deltas", "direct:snapshots" })
    void aStreamReadByTheRouteRetiresTheKeyToo(String uri) {
        Exchange closed = ask(uri, PROMPT_CLOSED);

        // The route's reading of the iterator failed with it (Camel wraps what an iterator throws).
        assertThat(closed.getException()).cause().isInstanceOf(CopilotNoReplyException.class)
                .satisfies(noReply -> assertThat(((CopilotNoReplyException) noReply).isDisengagedForRai()).isTrue());
        assertThat(created).hasSize(1);
        String first = created.get(0);

        Exchange next = ask(uri, "The next question");

        assertThat(next.getException()).isNull();
        assertThat(created).hasSize(2);
        assertThat(next.getMessage().getHeader(CopilotConstants.CONVERSATION_ID)).isEqualTo(created.get(1));
        assertThat(next.getMessage().getHeader(CopilotConstants.PREVIOUS_CONVERSATION_ID)).isEqualTo(first);
        assertThat(next.getMessage().getHeader(CopilotConstants.CONVERSATION_STARTED, Boolean.class)).isTrue();
        assertThat(chattedTo).containsExactly(first, created.get(1));
    }
}
