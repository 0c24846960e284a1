package io.github.camelcopilot.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol with the JDK's
 * WebSocket client: enough to load a page, run script in it and read what it shows.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();

    private HeadlessChromium(Process process, Path profile, WebSocket.Builder builder, URI pageSocket)
            throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = builder.buildAsync(pageSocket, new Listener()).get(10, TimeUnit.SECONDS);
    }

    static HeadlessChromium start() throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        // The flags keep Chromium off the network: this machine allows loopback only.
        Process process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=" + port,
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        AtomicReference<URI> page = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (page.get() == null) {
                            page.set(pageTarget(http, port));
                        }
                        return page.get() != null || !process.isAlive();
                    });
        } catch (ConditionTimeoutException e) {
            // reported below with Chromium's own output
        }
        if (page.get() == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not open its DevTools port: "
                                            + Files.readString(profile.resolve("chromium.log")));
        }
        return new HeadlessChromium(process, profile, http.newWebSocketBuilder(), page.get());
    }

    /** The DevTools WebSocket of Chromium's page, or null while Chromium is still starting. */
    private static URI pageTarget(HttpClient http, int port) throws InterruptedException {
        try {
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(targets)) {
                if ("page".equals(target.path("type").asText())) {
                    return URI.create(target.get("webSocketDebuggerUrl").asText());
                }
            }
        } catch (IOException notYet) {
            // Chromium is still starting
        }
        return null;
    }

    void navigate(String url) throws Exception {
        command("Page.navigate", JSON.createObjectNode().put("url", url));
        awaitTrue("document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url),
                Duration.ofSeconds(15));
    }

    /** Evaluates a script expression in the page and returns its value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = command("Runtime.evaluate",
                JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("Script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Evaluates an expression whose value is a promise (a {@code fetch}, say) and returns what it resolves to. */
    JsonNode evaluateAsync(String expression) throws Exception {
        JsonNode result = command("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("Script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** The current page's address. */
    String location() throws Exception {
        return evaluate("location.href").asText();
    }

    /** A PNG of the viewport (DevTools Page.captureScreenshot), written to {@code file}. */
    void screenshot(Path file) throws Exception {
        JsonNode shot = command("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Sets the viewport size, for screenshots of a useful shape. */
    void viewport(int width, int height) throws Exception {
        command("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width)
                .put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
    }

    void awaitTrue(String expression, Duration timeout) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> evaluate(expression).asBoolean(false));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Timed out waiting in the page for: " + expression + "; the page shows: "
                                            + evaluate("document.body.innerText").asText(), e);
        }
    }

    private JsonNode command(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(20, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> reply = message.has("id")
                            ? pending.remove(message.get("id").asInt()) : null;
                    if (reply != null) {
                        reply.complete(message);
                    }
                } catch (IOException e) {
                    pending.values().forEach(future -> future.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
