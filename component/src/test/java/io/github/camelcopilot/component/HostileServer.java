package io.github.camelcopilot.component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

/**
 * A deliberately broken HTTP/1.1 server on loopback for the hostile-server tests: it reads one request per
 * connection, then runs a script that writes whatever it likes straight to the socket (no buffering, so nothing is
 * held in memory and {@link #bytesWritten()} counts what the socket accepted). Each connection lives at most
 * {@link #LIFETIME}; a write that fails because the client went away marks the connection closed by the peer.
 */
final class HostileServer implements AutoCloseable {

    /** No script runs longer than this, whatever the client does. */
    static final Duration LIFETIME = Duration.ofSeconds(20);

    /** What the server does with a request it has read. */
    @FunctionalInterface
    interface Script {
        void respond(Connection connection) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Script script;
    private final boolean tls;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch peerClosed = new CountDownLatch(1);
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HostileServer(Script script, SSLContext tls) throws IOException {
        this.script = script;
        this.tls = tls != null;
        this.socket = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hostile-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static HostileServer start(Script script) throws IOException {
        return new HostileServer(script, null);
    }

    /** Serves https with the server certificate of {@code tls}; the handshake happens as the request is read. */
    static HostileServer startTls(SSLContext tls, Script script) throws IOException {
        return new HostileServer(script, tls);
    }

    String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + socket.getLocalPort();
    }

    /** Connections accepted, whether or not a request (or a TLS handshake) followed. */
    int connections() {
        return connections.get();
    }

    /** Requests read so far (one per connection: every response closes its connection). */
    int requests() {
        return requests.get();
    }

    List<String> paths() {
        return paths;
    }

    /** Body bytes (and headers) the client's socket accepted, over all connections. */
    long bytesWritten() {
        return written.get();
    }

    /** Waits until a write failed or a read ended because the client closed the connection. */
    boolean awaitPeerClosed(Duration timeout) throws InterruptedException {
        return peerClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean peerClosed() {
        return peerClosed.getCount() == 0;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "hostile-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            Connection connection = new Connection(client, System.nanoTime() + LIFETIME.toNanos());
            if (!connection.readRequest()) {
                return;
            }
            requests.incrementAndGet();
            script.respond(connection);
        } catch (IOException e) {
            if (!closed) {
                peerClosed.countDown(); // a write or read failed: the client has gone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    /** One connection, after its request has been read. */
    final class Connection {

        private final Socket client;
        private final InputStream in;
        private final OutputStream out;
        private final long deadline;

        Connection(Socket client, long deadline) throws IOException {
            this.client = client;
            this.in = client.getInputStream();
            this.out = client.getOutputStream();
            this.deadline = deadline;
        }

        HostileServer server() {
            return HostileServer.this;
        }

        boolean expired() {
            return closed || System.nanoTime() > deadline;
        }

        /** Reads the request line, headers and a Content-Length body; false when the client sent nothing. */
        private boolean readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    break;
                }
            }
            if (b == -1) {
                return false;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            paths.add(lines[0].split(" ")[1]);
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return true;
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            written.addAndGet(bytes.length);
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Status line and headers; the body follows chunked unless a Content-Length is given. */
        void head(int status, String contentType, long contentLength) throws IOException {
            write("HTTP/1.1 " + status + " Hostile\r\n"
                  + "Content-Type: " + contentType + "\r\n"
                  + "request-id: hostile-request\r\n"
                  + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n"
                          : "Transfer-Encoding: chunked\r\n")
                  + "Connection: close\r\n\r\n");
        }

        void chunk(byte[] bytes) throws IOException {
            write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            write(bytes);
            write("\r\n");
        }

        void chunk(String text) throws IOException {
            chunk(text.getBytes(StandardCharsets.UTF_8));
        }

        void endChunks() throws IOException {
            write("0\r\n\r\n");
        }

        /** Sends nothing more and waits, bounded by the lifetime, until the client closes the connection. */
        void silence() throws IOException {
            client.setSoTimeout(100);
            while (!expired()) {
                try {
                    if (in.read() == -1) {
                        peerClosed.countDown();
                        return;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // keep waiting
                }
            }
        }
    }
}
