package io.github.camelcopilot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.bench.BenchClient.Operation;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;

/**
 * A raw HTTP client, a reference for the others: the work every raw client does per call, whatever its transport.
 * The same URIs and headers, the chat body built and serialised with the project's model and mapper, the answer
 * parsed and checked, every stream event parsed as it arrives. Only the transport differs between the raw clients;
 * all are non-blocking.
 */
abstract class RawClient implements BenchClient {

    static final String CONTENT_TYPE = "application/json";
    /** How long a raw client waits for an answer (for a stream: between its bytes), so that a lost one fails the call. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final BenchServer.Endpoint endpoint;
    private final ObjectMapper mapper = CopilotJson.mapper();
    private final URI createUri;
    private final URI chatUri;
    private final URI streamUri;

    RawClient(String name, BenchServer.Endpoint endpoint) {
        this.name = name;
        this.endpoint = endpoint;
        String conversations = endpoint.baseUrl() + "/copilot/conversations";
        createUri = URI.create(conversations);
        chatUri = URI.create(conversations + "/" + BenchServer.CONVERSATION_ID + "/chat");
        streamUri = URI.create(conversations + "/" + BenchServer.CONVERSATION_ID + "/chatOverStream");
    }

    /**
     * The pool a diagnostic row hands every answer to (the next call starts there), as a Camel producer that never
     * continues a route on an I/O thread must: 10 daemon threads of the given name.
     */
    static ExecutorService handOffPool(String threadName) {
        return Executors.newFixedThreadPool(10, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * What every client sends for chat and chatOverStream: the prompt and the time zone. Built and serialised per
     * call, as a user with a new prompt each time has to (the component does the same).
     */
    static CopilotChatRequest chatRequest() {
        CopilotChatRequest request = CopilotChatRequest.ofPrompt(BenchServer.PROMPT);
        request.setLocationHint(new CopilotChatRequest.LocationHint("UTC"));
        return request;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final BenchServer.Front front() {
        return endpoint.front();
    }

    @Override
    public boolean isRaw() {
        return true;
    }

    @Override
    public final boolean blocksCaller() {
        return false;
    }

    static boolean isStream(Operation operation) {
        return operation != Operation.CREATE && operation != Operation.CHAT;
    }

    URI uri(Operation operation) {
        return switch (operation) {
            case CREATE -> createUri;
            case CHAT -> chatUri;
            default -> streamUri;
        };
    }

    byte[] body(Operation operation) {
        if (operation == Operation.CREATE) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(chatRequest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Authorization, Accept and a fresh client-request-id; the content type is set the transport's own way. */
    void headers(Operation operation, BiConsumer<String, String> header) {
        header.accept("Authorization", "Bearer " + BenchServer.TOKEN);
        header.accept("Accept", isStream(operation) ? "text/event-stream" : "application/json");
        header.accept("client-request-id", UUID.randomUUID().toString());
    }

    /** The conversation id (create) or the reply text (chat) of a complete JSON answer. */
    String answer(Operation operation, int status, byte[] body, int length) {
        if (status / 100 != 2) {
            throw new IllegalStateException("HTTP " + status);
        }
        try {
            CopilotConversation conversation = mapper.readValue(body, 0, length, CopilotConversation.class);
            return operation == Operation.CREATE ? conversation.getId() : conversation.getReplyText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Events events(int status, FirstUpdate firstUpdate) {
        return new Events(status, firstUpdate);
    }

    /**
     * One stream's events: each {@code data:} line parsed into a CopilotConversation as it arrives, the latest
     * reply text kept. Takes lines as strings, or raw bytes in any chunking (split at {@code \n} here).
     */
    final class Events {

        private final int status;
        private final FirstUpdate firstUpdate;
        private byte[] line = new byte[8192];
        private int lineLength;
        private String text;
        private boolean complete;

        private Events(int status, FirstUpdate firstUpdate) {
            this.status = status;
            this.firstUpdate = firstUpdate;
        }

        void line(String line) {
            if (status == 200 && line.startsWith("data:")) {
                try {
                    accept(mapper.readValue(line.substring(5), CopilotConversation.class));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void bytes(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                byte next = chunk.get();
                if (next == '\n') {
                    endOfLine();
                } else {
                    if (lineLength == line.length) {
                        line = Arrays.copyOf(line, line.length * 2);
                    }
                    line[lineLength++] = next;
                }
            }
        }

        private void endOfLine() {
            if (status == 200 && lineLength > 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't'
                && line[3] == 'a' && line[4] == ':') {
                try {
                    accept(mapper.readValue(line, 5, lineLength - 5, CopilotConversation.class));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            lineLength = 0;
        }

        private void accept(CopilotConversation snapshot) {
            text = snapshot.getReplyText();
            complete = snapshot.getMessages().size() >= 2;
            FirstUpdate.arrived(firstUpdate);
        }

        /** The complete reply, or an exception when the stream ended without it. */
        String finalText() {
            if (status != 200 || !complete) {
                throw new IllegalStateException("stream ended without the final answer (HTTP " + status + ")");
            }
            return text;
        }
    }
}
