package io.github.camelcopilot.component;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's tinyproxy, a real authenticating HTTP proxy (Basic, CONNECT), run in the foreground on a free loopback
 * port. {@code .ci/run} installs it; when it is missing the test fails saying so, it is never skipped.
 * <p>
 * What it is known to answer: 407 with a Basic challenge to a request without credentials, 401 (not 407) to wrong
 * credentials, CONNECT included; 403 to a CONNECT to a port it was not told to allow.
 */
final class Tinyproxy implements AutoCloseable {

    private final Path directory;
    private final Process process;
    private final int port;

    private Tinyproxy(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** Starts it with Basic authentication for one user, letting CONNECT through to the given ports only. */
    static Tinyproxy start(String user, String password, int... connectPorts) throws IOException, InterruptedException {
        String binary = binary();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path directory = Files.createTempDirectory("tinyproxy");
        List<String> config = new ArrayList<>(List.of("Port " + port, "Listen 127.0.0.1", "Allow 127.0.0.1",
                "BasicAuth " + user + " " + password, "Timeout 60", "MaxClients 200", "LogLevel Info"));
        for (int allowed : connectPorts) {
            config.add("ConnectPort " + allowed);
        }
        Path file = directory.resolve("tinyproxy.conf");
        Files.write(file, config);
        Process process = new ProcessBuilder(binary, "-d", "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("tinyproxy.log").toFile()).start();
        Tinyproxy proxy = new Tinyproxy(directory, process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return proxy;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = proxy.log();
                    proxy.close();
                    throw new IllegalStateException("tinyproxy did not start on port " + port + ":\n" + log);
                }
                Thread.sleep(50);
            }
        }
    }

    private static String binary() {
        List<String> places = new ArrayList<>(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"));
        places.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        for (String place : places) {
            Path candidate = Path.of(place.isEmpty() ? "." : place, "tinyproxy");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("tinyproxy is not installed, and the proxy tests need a real proxy: run .ci/run,"
                                 + " which installs it (apt-get install tinyproxy)");
    }

    int port() {
        return port;
    }

    /** Everything it logged (requests and connections; never the credentials at this level). */
    String log() {
        try {
            Path log = directory.resolve("tinyproxy.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connections it opened to {@code hostAndPort} ("localhost:8443"): tunnels and forwarded requests. */
    long connectionsTo(String hostAndPort) {
        return log().lines().filter(line -> line.contains("opening connection to " + hostAndPort)).count();
    }

    /** The CONNECT requests it received for {@code hostAndPort}, answered or refused. */
    long connectRequestsFor(String hostAndPort) {
        return log().lines().filter(line -> line.contains(": CONNECT " + hostAndPort + " ")).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left behind at worst
        }
    }
}
