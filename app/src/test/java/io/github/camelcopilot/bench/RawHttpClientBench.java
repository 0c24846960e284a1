package io.github.camelcopilot.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A reference: {@code java.net.http.HttpClient} with Jackson and the project's model classes, no framework.
 * Non-blocking; the stream is read line by line as it arrives and every event parsed.
 */
final class RawHttpClientBench extends RawClient {

    static final String NAME = "raw JDK HttpClient";

    private final HttpClient http;

    /**
     * HTTP/1.1 on the plain front; HTTP/2 by ALPN on the TLS front, where it fails the calls past the server's
     * stream limit on a connection instead of queueing them (JDK-8225647): they are counted as errors.
     */
    RawHttpClientBench(BenchServer.Endpoint endpoint) {
        super(NAME, endpoint);
        HttpClient.Builder builder = HttpClient.newBuilder();
        http = endpoint.isTls()
                ? builder.version(HttpClient.Version.HTTP_2).sslContext(endpoint.tls().clientContext()).build()
                : builder.version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public CompletableFuture<String> call(Operation operation, FirstUpdate firstUpdate) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(operation))
                .header("Content-Type", RawClient.CONTENT_TYPE)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(operation)));
        headers(operation, request::header);
        if (!RawClient.isStream(operation)) {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> answer(operation, response.statusCode(), response.body(),
                            response.body().length));
        }
        return http.sendAsync(request.build(), info -> HttpResponse.BodySubscribers.fromLineSubscriber(
                        new EventLines(events(info.statusCode(), firstUpdate)), EventLines::finalText,
                        StandardCharsets.UTF_8, "\n"))
                .thenApply(HttpResponse::body);
    }

    /** Hands each line to the stream's events as it arrives. */
    private static final class EventLines implements Flow.Subscriber<String> {

        private final RawClient.Events events;

        EventLines(RawClient.Events events) {
            this.events = events;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            events.line(line);
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
            return events.finalText();
        }
    }

    @Override
    public void close() {
        // the JDK HttpClient of Java 17 has no close; its threads end once it is unreachable
    }
}
