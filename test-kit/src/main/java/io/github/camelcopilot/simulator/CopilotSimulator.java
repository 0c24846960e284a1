package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A faithful, deterministic fake of the Microsoft 365 Copilot Chat API over real HTTP on loopback: create,
 * chat and chatOverStream in the Graph layout ({@link #baseUrl()}) and the Work IQ layout ({@link #workIqBaseUrl()}),
 * with Graph's error bodies, bearer-token checks, cumulative stream snapshots with rewrites, and injectable
 * {@link #faults() faults}. Replies come from {@link SimulatorReplies}. It serves plain HTTP/1.1 by default, or TLS
 * with HTTP/2 by ALPN or HTTP/1.1 only ({@link SimulatorTransport}), alike.
 *
 * <pre>{@code
 * try (CopilotSimulator simulator = CopilotSimulator.start()) {
 *     // point a client at simulator.baseUrl() with the token CopilotSimulator.DEFAULT_TOKEN
 * }
 * }</pre>
 */
public final class CopilotSimulator implements AutoCloseable {

    /** The bearer token accepted unless {@link #acceptTokens(String...)} says otherwise. */
    public static final String DEFAULT_TOKEN = "simulator-token";
    /** The port {@link #main(String[])} listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8089;

    static {
        // Without it HttpServer answers loopback requests ~40 ms late (Nagle meets delayed ACKs). It is read once, when
        // the first HttpServer is created in this JVM, so it must be set before that; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final AtomicInteger SIMULATOR_NUMBER = new AtomicInteger();

    private final SimulatorTransport transport;
    /** The plain HTTP/1.1 server, or null over TLS. */
    private final HttpServer plainServer;
    /** The TLS server, or null over plain HTTP/1.1. */
    private final TlsServer tlsServer;
    private final int port;
    private final ExecutorService executor;
    private final ConnectionCounters connectionCounters;
    /** Set once the port, and so the URLs the answers carry, are known. */
    private volatile HttpHandler handler;
    private final ConversationStore conversations = new ConversationStore();
    private final SimulatorFaults faults = new SimulatorFaults();
    private final RequestLog requestLog = new RequestLog();
    private final SimulatorSettings settings = new SimulatorSettings();
    private final SimulatedEntra entra = new SimulatedEntra();

    private CopilotSimulator(int port, SimulatorTransport transport) throws IOException {
        this.transport = Objects.requireNonNull(transport, "transport");
        // Handlers block (latency, hangs, slow streams): never on a dispatcher or I/O reactor thread. One thread per
        // request in progress, as many as there are, so a burst of slow calls is held rather than queued.
        executor = Executors.newCachedThreadPool(handlerThreads(SIMULATOR_NUMBER.incrementAndGet()));
        connectionCounters = new ConnectionCounters(exchange -> handler.handle(exchange));
        if (transport.isTls()) {
            plainServer = null;
            tlsServer = new TlsServer(transport, port, connectionCounters, executor, connectionCounters);
            this.port = tlsServer.port();
        } else {
            tlsServer = null;
            plainServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            this.port = plainServer.getAddress().getPort();
        }
        String root = transport.origin(this.port);
        handler = new SimulatorHandler(conversations, faults, requestLog, settings, new ConversationJson(root), entra,
                new EntraHandler(entra, root));
        if (plainServer != null) {
            plainServer.createContext("/", connectionCounters);
            plainServer.setExecutor(executor);
            plainServer.start();
        }
    }

    /** Starts a simulator on a free port of {@code 127.0.0.1}, plain HTTP/1.1. */
    public static CopilotSimulator start() {
        return start(0);
    }

    /** Starts a simulator on {@code port} of {@code 127.0.0.1} (0 for a free one), plain HTTP/1.1. */
    public static CopilotSimulator start(int port) {
        return start(port, SimulatorTransport.plainHttp1());
    }

    /**
     * Starts a simulator on a free port of {@code 127.0.0.1} with the given transport, e.g.
     * {@code CopilotSimulator.start(SimulatorTransport.http2(100))} for TLS with HTTP/2.
     */
    public static CopilotSimulator start(SimulatorTransport transport) {
        return start(0, transport);
    }

    /** Starts a simulator on {@code port} of {@code 127.0.0.1} (0 for a free one) with the given transport. */
    public static CopilotSimulator start(int port, SimulatorTransport transport) {
        try {
            return new CopilotSimulator(port, transport);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Copilot simulator on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** How the simulator talks to clients. */
    public SimulatorTransport transport() {
        return transport;
    }

    /**
     * The Graph base URL, {@code http://127.0.0.1:<port>/beta} (over TLS {@code https://localhost:<port>/beta}):
     * conversations are under {@code /copilot/conversations}.
     */
    public String baseUrl() {
        return transport.origin(port) + ApiRoute.Layout.GRAPH.base;
    }

    /**
     * The Work IQ base URL, {@code http://127.0.0.1:<port>/rest/beta} (over TLS {@code https://localhost:<port>/rest/beta}):
     * conversations are under {@code /conversations}.
     */
    public String workIqBaseUrl() {
        return transport.origin(port) + ApiRoute.Layout.WORK_IQ.base;
    }

    /**
     * The base URL of the simulated Entra ID, {@code http://127.0.0.1:<port>} (over TLS {@code https://localhost:<port>}): its endpoints are
     * {@code /<tenant>/oauth2/v2.0/token}, {@code /<tenant>/oauth2/v2.0/devicecode},
     * {@code /<tenant>/oauth2/v2.0/authorize} and {@code /<tenant>/discovery/v2.0/keys}. MSAL4J needs a port-less https
     * authority, so point the component's {@code authorityEndpoint} here and keep an authority such as
     * {@code https://login.fake.test/<tenant>/}.
     */
    public String authorityEndpoint() {
        return transport.origin(port);
    }

    /** The simulated identity provider: its tokens are accepted by the API endpoints while valid. */
    public SimulatedEntra entra() {
        return entra;
    }

    /**
     * Replaces the static bearer tokens accepted besides the simulated Entra's own (none given: only Entra's tokens
     * are accepted).
     */
    public CopilotSimulator acceptTokens(String... tokens) {
        Arrays.stream(tokens).forEach(token -> Objects.requireNonNull(token, "token"));
        settings.acceptedTokens(Set.of(tokens));
        return this;
    }

    /** The accepted bearer tokens. */
    public Set<String> acceptedTokens() {
        return settings.acceptedTokens();
    }

    /** The faults to inject; configure them before the requests they should hit. */
    public SimulatorFaults faults() {
        return faults;
    }

    /** The pause between stream events (default zero), for clients that must cope with slow streams. */
    public CopilotSimulator streamEventDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        settings.streamEventDelay(delay);
        return this;
    }

    /**
     * How many requests {@link #requests()} keeps (default 10,000); older ones are dropped so a long-running
     * simulator does not grow without bound. {@link #requestCount()} still counts every request.
     */
    public CopilotSimulator maxRecordedRequests(int max) {
        requestLog.capacity(max);
        return this;
    }

    /** Every request received since start or the last {@link #reset()}, oldest first: a snapshot copy. */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    /** The number of requests received since start or the last {@link #reset()}. */
    public int requestCount() {
        return requestLog.count();
    }

    /** The number of conversations created since start or the last {@link #reset()}. */
    public int conversationCount() {
        return conversations.size();
    }

    /**
     * Makes a conversation expire now, as the service forgets conversations: later chats there answer 404. Returns
     * whether the conversation existed.
     */
    public boolean expireConversation(String conversationId) {
        return conversations.expire(conversationId);
    }

    /** Conversations unused this long expire (404 afterwards); null (the default) keeps them until {@link #reset()}. */
    public CopilotSimulator conversationIdleExpiry(Duration expiry) {
        if (expiry != null && (expiry.isNegative() || expiry.isZero())) {
            throw new IllegalArgumentException("expiry must be positive: " + expiry);
        }
        conversations.idleExpiry(expiry);
        return this;
    }

    /** A conversation's state ({@code active} or {@code disengagedForRai}), or empty when unknown or expired. */
    public Optional<String> conversationState(String conversationId) {
        return conversations.find(conversationId).map(SimulatedConversation::state);
    }

    /** A conversation's turn count, or empty when unknown or expired. */
    public Optional<Integer> conversationTurnCount(String conversationId) {
        return conversations.find(conversationId).map(SimulatedConversation::turnCount);
    }

    /**
     * The most chat or chatOverStream calls ever in progress at the same time for one conversation, since start or the
     * last {@link #reset()}: 1 when a client never overlaps turns of a conversation. A call counts from its arrival
     * (latency included) until its answer is about to reach the client (a stream: its last event written); a call held
     * by an injected hang stops counting when the hang begins, since the client's timeout ends that turn.
     */
    public int maxConcurrentTurnsPerConversation() {
        return conversations.maxConcurrentTurns();
    }

    /**
     * The connections that carried requests in {@code protocol}, and the most requests (HTTP/2: streams) in progress
     * at once on one of them, since start or the last {@link #reset()}. A connection still open at a reset counts again
     * when it carries its next request.
     */
    public ConnectionStats connections(WireProtocol protocol) {
        return connectionCounters.stats(Objects.requireNonNull(protocol, "protocol"));
    }

    /**
     * Sends GOAWAY on every open HTTP/2 connection, as a front going away does: streams already received finish, new
     * streams on those connections are refused (the client must open a new connection), and each connection closes
     * after its last stream. Returns the number of connections told (0 without HTTP/2).
     */
    public int goAway() {
        return tlsServer == null ? 0 : tlsServer.goAway();
    }

    /**
     * Forgets requests, faults, conversations, issued tokens and connection counts, and restores the default token and
     * stream pacing.
     */
    public void reset() {
        connectionCounters.clear();
        faults.clear();
        entra.reset();
        conversations.clear();
        settings.restoreDefaults();
        requestLog.clear();
    }

    /** Stops at once: open connections are closed and handlers still waiting (hangs, latency) are interrupted. */
    @Override
    public void close() {
        if (plainServer != null) {
            plainServer.stop(0);
        } else {
            tlsServer.close();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "CopilotSimulator[" + baseUrl() + ", " + transport + "]";
    }

    /**
     * Runs a simulator until the JVM is stopped, for trying routes by hand. Arguments: {@code [port [token...]]}, the
     * port defaulting to {@value #DEFAULT_PORT} and the token to {@value #DEFAULT_TOKEN}.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        CopilotSimulator simulator = start(port);
        if (args.length > 1) {
            simulator.acceptTokens(Arrays.copyOfRange(args, 1, args.length));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "copilot-simulator-shutdown"));
        System.out.println("Copilot simulator running");
        System.out.println("  Graph base URL:   " + simulator.baseUrl());
        System.out.println("  Work IQ base URL: " + simulator.workIqBaseUrl());
        System.out.println("  Accepted tokens:  " + String.join(", ", simulator.acceptedTokens()));
        System.out.println("Stop it with Ctrl+C.");
        stopped.await();
    }

    private static ThreadFactory handlerThreads(int simulatorNumber) {
        AtomicInteger threadNumber = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable,
                    "copilot-simulator-" + simulatorNumber + "-handler-" + threadNumber.incrementAndGet());
            // A forgotten simulator must not keep a test JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
