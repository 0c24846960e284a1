package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A plain {@link HttpClient} talking to a simulator, as a client of the real API would. */
final class SimulatorHttp {

    /** The suite runs over TLS + HTTP/2 too (test-kit/pom.xml). */
    private static final HttpClient HTTP2_CLIENT = client(HttpClient.Version.HTTP_2);
    private static final HttpClient HTTP1_CLIENT = client(HttpClient.Version.HTTP_1_1);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CopilotSimulator simulator;

    SimulatorHttp(CopilotSimulator simulator) {
        this.simulator = simulator;
    }

    /** A chat body as a client sends it: the prompt and the time zone, nothing else. */
    static String chatBody(String prompt, String timeZone) {
        ObjectNode request = MAPPER.createObjectNode();
        request.putObject("message").put("text", prompt);
        request.putObject("locationHint").put("timeZone", timeZone);
        return json(request);
    }

    static String chatBody(String prompt) {
        return chatBody(prompt, "Europe/Berlin");
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An authorized JSON POST to {@code baseUrl() + path}. */
    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(simulator.baseUrl() + path, body).build());
    }

    /** Creates a conversation in the Graph layout and returns its id. */
    String createConversation() throws IOException, InterruptedException {
        HttpResponse<String> created = post("/copilot/conversations", "{}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create failed: " + created.statusCode() + " " + created.body());
        }
        return tree(created.body()).get("id").asText();
    }

    /** An authorized JSON POST builder, to adjust before sending. */
    HttpRequest.Builder request(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + CopilotSimulator.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return clientFor(request.uri()).send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A client that trusts the simulator: over https it asks for HTTP/2 by ALPN, over plain http for HTTP/1.1. */
    static HttpClient clientFor(URI uri) {
        return "https".equals(uri.getScheme()) ? HTTP2_CLIENT : HTTP1_CLIENT;
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(version)
                .sslContext(SimulatorTls.clientSslContext())
                .build();
    }
}
