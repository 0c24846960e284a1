package io.github.camelcopilot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's server: the Copilot Chat API's three operations (Graph layout) with every answer rendered once at
 * start-up, so that a request costs the server little more than HTTP itself. It checks the bearer token and the
 * path, and keeps no state (every call gets the same conversation). The simulator is not used because its faithful
 * per-request work (request log, regexes, JSON trees, UUIDs) would be measured along with the clients.
 * <p>
 * It runs in its own JVM ({@link #main}), so the client JVM's threads, heap and allocations are the clients' only.
 * Two fronts answer the same: plain HTTP/1.1 on the JDK {@code HttpServer}, and TLS with HTTP/2 by ALPN on
 * Vert.x's HTTP server ({@link TlsH2Front}, a stream limit per connection as a real server sets one).
 * {@code GET /bench/stats} (plain front only, as every control request) reports its CPU time, request count, open
 * streams and the connections the clients used, so the harness can show it is not the bottleneck, see when every
 * stream of a burst is open and say how many connections a client needed; {@code ?reset=true} starts a new window
 * for the connection figures. {@code POST /bench/streamShape?events=N&delay=M&close=B} sets the events of a stream,
 * the pause between them, and whether a stream's HTTP/1.1 connection closes after it; {@code POST
 * /bench/chatDelay?millis=M} delays every chat answer (so that a burst's calls overlap).
 * <p>
 * A stream with pauses holds no thread: its first event is written by the handler, the others by a scheduler, so
 * 10,000 streams can be open at once (HttpServer leaves an exchange open after its handler returns until its body
 * is closed; the TLS front writes them from its event loops' timers).
 */
public final class BenchServer {

    static final String TOKEN = "bench-token";
    static final String CONVERSATION_ID = "0d110e7e-2b7e-4270-a899-fd2af6fde333";
    static final String PROMPT = "Summarise the benchmark plan in detail.";
    /** The reply's length: the "4 KB answer". */
    static final int ANSWER_CHARS = 4096;
    /** The stream's events by default: cumulative snapshots, the last one the complete turn. */
    static final int STREAM_EVENTS = 50;
    static final String ANSWER = answerText();

    private static final String CONTEXT = "http://127.0.0.1/beta/$metadata#microsoft.graph.copilotConversation";

    /** HTTP/2 streams a client may have open on one connection, unless {@code -Dbench.h2.maxStreams} says otherwise. */
    static final int H2_MAX_STREAMS = 100;

    private final HttpServer server;
    private final byte[] created;
    private final byte[] completedTurn;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Integer, List<byte[]>> streamsByEvents = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    /** Writes the events of streams with pauses; a thread blocks only while a client does not read. */
    final ScheduledExecutorService eventWriters = Executors.newScheduledThreadPool(16);
    final ConnectionUse connections = new ConnectionUse();
    private volatile StreamShape shape = new StreamShape(STREAM_EVENTS, 0, false);
    private volatile long chatDelayMillis;

    /** What a stream sends: events (the last the complete turn), the pause between two, and connection close. */
    record StreamShape(int events, long delayMillis, boolean close) {
    }

    /**
     * The answer to an API request, fixed at start-up; a stream's ({@link #STREAM}) is the current stream shape.
     *
     * @param delayMillis how long the server waits before it answers (chat, while a delay is set)
     */
    record Answer(int status, String contentType, byte[] body, long delayMillis) {

        static final Answer STREAM = new Answer(200, "text/event-stream", null, 0);

        boolean isStream() {
            return this == STREAM;
        }
    }

    /**
     * Which client connections carried requests, and how many at once on one connection, since the window began.
     * A connection is its client's address and port (one JVM on loopback: unique while it is open).
     */
    static final class ConnectionUse {

        private final Map<Object, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        private final Set<Object> usedInWindow = ConcurrentHashMap.newKeySet();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        /** TLS connections accepted since start (the plain front cannot count its own). */
        final AtomicLong tlsAccepted = new AtomicLong();

        void started(Object connection) {
            usedInWindow.add(connection);
            int now = inFlight.computeIfAbsent(connection, key -> new AtomicInteger()).incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
        }

        /** The connection's last request in flight takes its entry with it, so closed connections leave none. */
        void ended(Object connection) {
            inFlight.computeIfPresent(connection, (key, count) -> count.decrementAndGet() == 0 ? null : count);
        }

        void resetWindow() {
            usedInWindow.clear();
            maxInFlight.set(0);
        }
    }

    private BenchServer(int port) throws IOException {
        created = mapper.writeValueAsBytes(conversation(mapper, 0, List.of()));
        completedTurn = mapper.writeValueAsBytes(completedTurn(mapper));
        streamsByEvents.put(STREAM_EVENTS, renderStream(mapper, STREAM_EVENTS));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.createContext("/", this::handle);
        // Handlers never wait (paused streams continue on eventWriters), so they need few threads.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The reply: plain words up to exactly {@value #ANSWER_CHARS} characters. */
    private static String answerText() {
        StringBuilder text = new StringBuilder(ANSWER_CHARS + 16);
        String[] words = {"The", "plan", "measures", "three", "clients", "against", "one", "server", "and", "reports",
                "throughput,", "latency", "and", "allocation."};
        for (int i = 0; text.length() < ANSWER_CHARS; i++) {
            text.append(words[i % words.length]).append(' ');
        }
        return text.substring(0, ANSWER_CHARS);
    }

    private static ObjectNode conversation(ObjectMapper mapper, int turnCount, List<ObjectNode> messages) {
        ObjectNode node = mapper.createObjectNode();
        node.put("@odata.context", CONTEXT);
        node.put("id", CONVERSATION_ID);
        node.put("createdDateTime", "2026-11-26T08:00:00.0000000Z");
        node.put("displayName", turnCount == 0 ? "" : PROMPT);
        node.put("state", "active");
        node.put("turnCount", turnCount);
        ArrayNode array = node.putArray("messages");
        messages.forEach(array::add);
        return node;
    }

    private static ObjectNode message(ObjectMapper mapper, String id, String text) {
        ObjectNode message = mapper.createObjectNode();
        message.put("@odata.type", "#microsoft.graph.copilotConversationResponseMessage");
        message.put("id", id);
        message.put("text", text);
        message.put("createdDateTime", "2026-11-26T08:00:01.0000000Z");
        message.putArray("adaptiveCards");
        message.putArray("attributions");
        return message;
    }

    private static ObjectNode completedTurn(ObjectMapper mapper) {
        return conversation(mapper, 1, List.of(message(mapper, "prompt-1", PROMPT), message(mapper, "reply-1", ANSWER)));
    }

    /** Snapshots of the reply growing in equal steps, then the complete turn (prompt echo and reply). */
    private static List<byte[]> renderStream(ObjectMapper mapper, int count) throws IOException {
        List<byte[]> events = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            String partial = ANSWER.substring(0, ANSWER_CHARS * i / count);
            ObjectNode snapshot = conversation(mapper, 1, List.of(message(mapper, "reply-1", partial)));
            events.add(event(mapper.writeValueAsString(snapshot), i));
        }
        events.add(event(mapper.writeValueAsString(completedTurn(mapper)), count));
        return List.copyOf(events);
    }

    private static byte[] event(String json, int id) {
        return ("data: " + json + "\nid:" + id + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The answer to an API request, counted; the same on both fronts. */
    Answer answer(String path, String authorization) {
        requests.incrementAndGet();
        if (!("Bearer " + TOKEN).equals(authorization)) {
            return new Answer(401, "application/json", "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}"
                    .getBytes(StandardCharsets.UTF_8), 0);
        } else if (path.equals("/beta/copilot/conversations")) {
            return new Answer(201, "application/json", created, 0);
        } else if (path.equals("/beta/copilot/conversations/" + CONVERSATION_ID + "/chat")) {
            return new Answer(200, "application/json", completedTurn, chatDelayMillis);
        } else if (path.equals("/beta/copilot/conversations/" + CONVERSATION_ID + "/chatOverStream")) {
            return Answer.STREAM;
        }
        return new Answer(404, "application/json", "{\"error\":{\"code\":\"itemNotFound\"}}"
                .getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The shape of a stream starting now, and its events. */
    StreamShape shape() {
        return shape;
    }

    List<byte[]> events(StreamShape streamShape) {
        return streamsByEvents.get(streamShape.events());
    }

    /** A stream with pauses is open from its first event to its last (the harness waits for all of a burst). */
    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/bench/")) {
            control(exchange, path);
            return;
        }
        InetSocketAddress connection = exchange.getRemoteAddress();
        connections.started(connection);
        Answer answer = answer(path, exchange.getRequestHeaders().getFirst("Authorization"));
        if (answer.isStream()) {
            stream(exchange, connection);
        } else if (answer.delayMillis() > 0) {
            eventWriters.schedule(() -> {
                try {
                    sendAnswer(exchange, connection, answer);
                } catch (IOException e) {
                    // the client went away
                }
            }, answer.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            sendAnswer(exchange, connection, answer);
        }
    }

    private void sendAnswer(HttpExchange exchange, Object connection, Answer answer) throws IOException {
        try {
            send(exchange, answer.status(), answer.contentType(), answer.body());
        } finally {
            connections.ended(connection);
        }
    }

    private void stream(HttpExchange exchange, Object connection) throws IOException {
        StreamShape streamShape = shape;
        List<byte[]> events = events(streamShape);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("request-id", "bench");
        if (streamShape.close()) {
            // so that a burst's connections do not stay pooled, idle, in the client after it
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (streamShape.delayMillis() == 0) {
            try (out) {
                for (byte[] event : events) {
                    out.write(event);
                    out.flush();
                }
            } finally {
                connections.ended(connection);
            }
            return;
        }
        streamOpened();
        writeEvent(out, connection, events, 0, streamShape.delayMillis());
    }

    /** Writes event {@code index} and schedules the next; the last closes the stream. */
    private void writeEvent(OutputStream out, Object connection, List<byte[]> events, int index, long delayMillis) {
        try {
            out.write(events.get(index));
            out.flush();
            if (index + 1 < events.size()) {
                eventWriters.schedule(() -> writeEvent(out, connection, events, index + 1, delayMillis), delayMillis,
                        TimeUnit.MILLISECONDS);
                return;
            }
            out.close();
        } catch (IOException e) {
            // the client went away: the stream ends here
            closeQuietly(out);
        }
        connections.ended(connection);
        streamClosed();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    private void control(HttpExchange exchange, String path) throws IOException {
        Map<String, String> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getQuery();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        if (path.equals("/bench/streamShape")) {
            int events = Integer.parseInt(query.get("events"));
            streamsByEvents.computeIfAbsent(events, count -> {
                try {
                    return renderStream(mapper, count);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            shape = new StreamShape(events, Long.parseLong(query.get("delay")), Boolean.parseBoolean(query.get("close")));
            send(exchange, 204, "text/plain", new byte[0]);
        } else if (path.equals("/bench/chatDelay")) {
            chatDelayMillis = Long.parseLong(query.get("millis"));
            send(exchange, 204, "text/plain", new byte[0]);
        } else {
            long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            String stats = cpu + " " + requests.get() + " " + openStreams.get() + " " + connections.tlsAccepted.get()
                           + " " + connections.usedInWindow.size() + " " + connections.maxInFlight.get();
            if (Boolean.parseBoolean(query.get("reset"))) {
                connections.resetWindow();
            }
            send(exchange, 200, "text/plain", stats.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("request-id", "bench");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Runs the server until stdin closes (the harness ending); prints {@code PORT <plain> <tls>} once listening.
     * Arguments: the PKCS12 key store of the TLS front and the HTTP/2 stream limit per connection.
     */
    public static void main(String[] args) throws Exception {
        // Without it HttpServer answers loopback requests ~40 ms late (Nagle meets delayed ACKs); read at first use.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        BenchServer bench = new BenchServer(0);
        TlsH2Front tls;
        try {
            tls = TlsH2Front.start(bench, Path.of(args[0]), Integer.parseInt(args[1]));
        } catch (Exception e) {
            // the harness reads a line without PORT and stops; the event loops would keep this JVM alive
            System.out.println("FAILED " + e);
            System.exit(1);
            return;
        }
        System.out.println("PORT " + bench.server.getAddress().getPort() + " " + tls.port());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        tls.close();
        bench.server.stop(0);
        System.exit(0);
    }

    /** Which of the server's fronts a client talks to. */
    enum Front {
        PLAIN_HTTP1("plain HTTP/1.1"), TLS_H2("TLS + HTTP/2");

        final String label;

        Front(String label) {
            this.label = label;
        }

        /** Whether its server can count the connections it accepts (the plain front's JDK server cannot). */
        boolean isTls() {
            return this == TLS_H2;
        }
    }

    /**
     * What a client needs to reach one front: the API's base URL and, for TLS, the benchmark's certificate to trust.
     *
     * @param tls null for plain HTTP
     */
    record Endpoint(Front front, String baseUrl, BenchTls tls) {

        boolean isTls() {
            return tls != null;
        }
    }

    /** What the server saw in one window (see {@link Process#stats}). */
    record Stats(long cpuNanos, long requests, int openStreams, long tlsAccepted, int connectionsUsed,
                 int maxStreamsPerConnection) {
    }

    /** The server process as the harness sees it: its fronts, its statistics, and stopping it. */
    static final class Process implements AutoCloseable {

        private final java.lang.Process process;
        private final int port;
        private final int tlsPort;
        private final BenchTls tls;
        private final HttpClient control = HttpClient.newHttpClient();

        private Process(java.lang.Process process, int port, int tlsPort, BenchTls tls) {
            this.process = process;
            this.port = port;
            this.tlsPort = tlsPort;
            this.tls = tls;
        }

        /** Starts the server in a JVM of its own, with this JVM's class path, its TLS front limited as given. */
        static Process start(BenchTls tls, int h2MaxStreams) throws IOException {
            String java = System.getProperty("java.home") + "/bin/java";
            // HttpServer closes a kept-alive connection at once when 200 are already idle (so at 256 in flight
            // clients reuse closed connections), and any idle for 30 s: both raised, so it never drops one. Its heap
            // holds every connection the run opened (the closed-loop rows' pools, then 10,000 streams): 512 MB ran
            // out in a full run, so it gets 2 GB; the limits under test are the client JVM's.
            java.lang.Process process = new ProcessBuilder(java, "-Xmx2g", "-XX:+UseParallelGC",
                    "-Dsun.net.httpserver.maxIdleConnections=100000", "-Dsun.net.httpserver.idleInterval=3600",
                    "-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
                    tls.keyStore().toString(), Integer.toString(h2MaxStreams))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new IOException("The benchmark server did not start (said: " + line + ")");
            }
            String[] ports = line.substring(5).trim().split(" ");
            return new Process(process, Integer.parseInt(ports[0]), Integer.parseInt(ports[1]), tls);
        }

        /** The front's API base URL; TLS by host name, as the certificate names it. */
        Endpoint endpoint(Front front) {
            return front == Front.PLAIN_HTTP1 ? new Endpoint(front, "http://127.0.0.1:" + port + "/beta", null)
                    : new Endpoint(front, "https://localhost:" + tlsPort + "/beta", tls);
        }

        /**
         * The server's process CPU time in nanoseconds, the API requests it has answered, its open streams, the TLS
         * connections it accepted, and since the last reset the client connections that carried requests and the
         * most requests one of them had in flight at once; {@code reset} starts the next window.
         */
        Stats stats(boolean reset) {
            try {
                String body = control.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/bench/stats?reset=" + reset)).build(), HttpResponse.BodyHandlers.ofString()).body();
                String[] parts = body.trim().split(" ");
                return new Stats(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
                        Long.parseLong(parts[3]), Integer.parseInt(parts[4]), Integer.parseInt(parts[5]));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the benchmark server's statistics", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Sets the events of the next streams, the pause between two, and whether their connections close. */
        void streamShape(int events, long delayMillis, boolean close) {
            control("/bench/streamShape?events=" + events + "&delay=" + delayMillis + "&close=" + close);
        }

        /** Back to the default: {@value BenchServer#STREAM_EVENTS} events without pauses, connections kept. */
        void defaultStreamShape() {
            streamShape(STREAM_EVENTS, 0, false);
        }

        /** Delays every chat answer by {@code millis} (0: none). */
        void chatDelay(long millis) {
            control("/bench/chatDelay?millis=" + millis);
        }

        private void control(String pathAndQuery) {
            try {
                control.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot configure the benchmark server", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // it is stopped forcibly below if need be
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
