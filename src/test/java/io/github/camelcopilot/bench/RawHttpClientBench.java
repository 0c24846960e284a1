package io.github.camelcopilot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;

/**
 * The lower bound: {@code java.net.http.HttpClient} with Jackson and the project's model classes, no framework.
 * Non-blocking; the stream is read line by line as it arrives and every event parsed.
 */
final class RawHttpClientBench implements BenchClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = CopilotJson.mapper();
    private final URI createUri;
    private final URI chatUri;
    private final URI streamUri;

    RawHttpClientBench(String baseUrl) {
        String conversations = baseUrl + "/copilot/conversations";
        createUri = URI.create(conversations);
        chatUri = URI.create(conversations + "/" + BenchServer.CONVERSATION_ID + "/chat");
        streamUri = URI.create(conversations + "/" + BenchServer.CONVERSATION_ID + "/chatOverStream");
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

    private byte[] chatBody() {
        try {
            return mapper.writeValueAsBytes(chatRequest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "raw HttpClient";
    }

    @Override
    public boolean blocksCaller() {
        return false;
    }

    @Override
    public CompletableFuture<String> call(Operation operation) {
        return switch (operation) {
            case CREATE -> http.sendAsync(post(createUri, "{}".getBytes(), "application/json"),
                    HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> conversation(response).getId());
            case CHAT -> http.sendAsync(post(chatUri, chatBody(), "application/json"),
                    HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> conversation(response).getReplyText());
            case STREAM, STREAM_UPDATES -> http.sendAsync(post(streamUri, chatBody(), "text/event-stream"),
                    info -> HttpResponse.BodySubscribers.fromLineSubscriber(new EventLines(info.statusCode()),
                            EventLines::finalText, StandardCharsets.UTF_8, "\n")).thenApply(HttpResponse::body);
            case STREAM_DELTAS -> throw new UnsupportedOperationException("the raw client has one stream reader");
        };
    }

    private static HttpRequest post(URI uri, byte[] body, String accept) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + BenchServer.TOKEN)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .header("client-request-id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private CopilotConversation conversation(HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        try {
            return mapper.readValue(response.body(), CopilotConversation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses each {@code data:} line into a CopilotConversation as it arrives; keeps the latest reply text. */
    private final class EventLines implements Flow.Subscriber<String> {

        private final int status;
        private String text;
        private boolean complete;

        EventLines(int status) {
            this.status = status;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (status == 200 && line.startsWith("data:")) {
                try {
                    CopilotConversation snapshot = mapper.readValue(line.substring(5), CopilotConversation.class);
                    text = snapshot.getReplyText();
                    complete = snapshot.getMessages().size() >= 2;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            // the response future fails with it
        }

        @Override
        public void onComplete() {
            // finalText is read after this
        }

        String finalText() {
            if (status != 200 || !complete) {
                throw new IllegalStateException("stream ended without the final answer (HTTP " + status + ")");
            }
            return text;
        }
    }

    @Override
    public void close() {
        // the JDK HttpClient of Java 17 has no close; its threads end once it is unreachable
    }
}
