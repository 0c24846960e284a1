package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncServerExchangeHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.ResponseChannel;
import org.apache.hc.core5.http.nio.support.classic.ContentInputStream;
import org.apache.hc.core5.http.nio.support.classic.SharedInputBuffer;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

/**
 * Runs one of the simulator's {@link HttpHandler}s, written for the JDK's HttpServer, on an exchange of httpcore5's
 * asynchronous server (HTTP/1.1 or HTTP/2 over TLS): the handler runs on the simulator's handler threads with blocking
 * streams, exactly as on HttpServer, so both servers answer alike. Response lengths keep HttpServer's meaning (-1: no
 * body, 0: a body of unknown length, else its exact length). Throwing an {@link IOException} out of the handler breaks
 * the exchange as HttpServer does: over HTTP/1.1 the connection closes; over HTTP/2 only the stream is reset
 * (RST_STREAM), since the connection carries other calls; before any response, the reset follows the response headers.
 */
final class HttpExchangeBridge implements AsyncServerExchangeHandler {

    /** Headers the server's protocol layer writes itself (and refuses to find already set). */
    private static final Set<String> CONNECTION_HEADERS =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade");

    private final HttpHandler handler;
    private final Executor handlerThreads;
    private final Consumer<InetSocketAddress> closeConnectionNow;
    private final Consumer<InetSocketAddress> http2ClientSeen;
    private final SharedInputBuffer requestBody = new SharedInputBuffer(16 * 1024);
    private final ResponseBodyPipe responseBody = new ResponseBodyPipe();

    /**
     * @param closeConnectionNow closes the HTTP/1.1 connection of the given client at once, without a response
     * @param http2ClientSeen    told the client of each HTTP/2 request
     */
    HttpExchangeBridge(HttpHandler handler, Executor handlerThreads, Consumer<InetSocketAddress> closeConnectionNow,
            Consumer<InetSocketAddress> http2ClientSeen) {
        this.handler = handler;
        this.handlerThreads = handlerThreads;
        this.closeConnectionNow = closeConnectionNow;
        this.http2ClientSeen = http2ClientSeen;
    }

    @Override
    public void handleRequest(HttpRequest request, EntityDetails entityDetails, ResponseChannel responseChannel,
            org.apache.hc.core5.http.protocol.HttpContext context) {
        if (entityDetails == null) {
            requestBody.markEndStream();
        }
        BridgedExchange exchange = new BridgedExchange(request, responseChannel, HttpCoreContext.cast(context));
        if (exchange.isHttp2()) {
            http2ClientSeen.accept(exchange.getRemoteAddress());
        }
        handlerThreads.execute(() -> {
            try {
                handler.handle(exchange);
                exchange.close();
            } catch (IOException | RuntimeException e) {
                exchange.breakOff();
            }
        });
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        requestBody.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) {
        requestBody.fill(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        requestBody.markEndStream();
    }

    @Override
    public int available() {
        return responseBody.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        responseBody.produce(channel);
    }

    /** The client went away or reset the stream: a handler still reading or writing gets an IOException. */
    @Override
    public void failed(Exception cause) {
        requestBody.abort();
        responseBody.abort();
    }

    @Override
    public void releaseResources() {
        requestBody.abort();
    }

    /** An {@link HttpExchange} over httpcore5's request, response channel and body buffers. */
    private final class BridgedExchange extends HttpExchange {

        private final HttpRequest request;
        private final ResponseChannel responseChannel;
        private final HttpCoreContext context;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private final InputStream requestStream = new ContentInputStream(requestBody);
        private final OutputStream responseStream = responseBody.outputStream();
        private final Map<String, Object> attributes = new HashMap<>();
        private volatile int responseCode = -1;

        BridgedExchange(HttpRequest request, ResponseChannel responseChannel, HttpCoreContext context) {
            this.request = request;
            this.responseChannel = responseChannel;
            this.context = context;
            for (Header header : request.getHeaders()) {
                requestHeaders.add(header.getName(), header.getValue());
            }
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return URI.create(request.getRequestUri());
        }

        @Override
        public String getRequestMethod() {
            return request.getMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public InputStream getRequestBody() {
            return requestStream;
        }

        @Override
        public OutputStream getResponseBody() {
            return responseStream;
        }

        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            if (responseCode != -1) {
                throw new IOException("headers already sent");
            }
            BasicHttpResponse response = new BasicHttpResponse(code);
            responseHeaders.forEach((name, values) -> {
                if (!CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> response.addHeader(name, value));
                }
            });
            responseCode = code;
            try {
                if (length == -1) {
                    responseBody.end();
                    responseChannel.sendResponse(response, null, context);
                } else {
                    responseChannel.sendResponse(response, new ResponseEntity(length > 0 ? length : -1), context);
                }
            } catch (HttpException e) {
                throw new IOException("cannot send the response: " + e.getMessage(), e);
            }
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) context.getEndpointDetails().getRemoteAddress();
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) context.getEndpointDetails().getLocalAddress();
        }

        @Override
        public int getResponseCode() {
            return responseCode;
        }

        @Override
        public String getProtocol() {
            ProtocolVersion version = context.getProtocolVersion() != null
                    ? context.getProtocolVersion() : request.getVersion();
            return version == null ? "HTTP/1.1" : version.format();
        }

        @Override
        public synchronized Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public synchronized void setAttribute(String name, Object value) {
            attributes.put(name, value);
            if (ConnectionCounters.RESPONSE_ENDING.equals(name) && value instanceof Runnable ending) {
                responseBody.beforeEnd(ending);
            }
        }

        @Override
        public void setStreams(InputStream in, OutputStream out) {
            throw new UnsupportedOperationException("the simulator's handlers use the exchange's own streams");
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }

        boolean isHttp2() {
            return WireProtocol.of(getProtocol()) == WireProtocol.HTTP_2;
        }

        /** As HttpServer's: ends the response; closed before any response, the exchange breaks off instead. */
        @Override
        public void close() {
            if (responseCode == -1) {
                breakOff();
            } else {
                responseBody.end();
            }
        }

        /** The exchange breaks off, as HttpServer's do when a handler throws an IOException. */
        void breakOff() {
            requestBody.abort();
            if (responseCode == -1 && !isHttp2()) {
                closeConnectionNow.accept(getRemoteAddress());
                return;
            }
            if (responseCode == -1) {
                // HTTP/2 has no stream reset before a response from an exchange handler: send headers, then reset.
                try {
                    sendResponseHeaders(200, 0);
                } catch (IOException | RuntimeException ignored) {
                    // The stream is gone already.
                }
            }
            responseBody.abort();
        }
    }

    /** A response body of a known length, or of unknown length (chunked over HTTP/1.1). */
    private record ResponseEntity(long length) implements EntityDetails {

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public String getContentType() {
            // The handler sets Content-Type among its headers.
            return null;
        }

        @Override
        public String getContentEncoding() {
            return null;
        }

        @Override
        public boolean isChunked() {
            return length < 0;
        }

        @Override
        public Set<String> getTrailerNames() {
            return null;
        }
    }
}
