package io.github.camelcopilot.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.camelcopilot.stream.SseBodyReader;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads one response on the transport's I/O thread. A body is collected into memory up to a size limit, except the
 * successful answer of a stream call, which is read by what it holds rather than by its label (gateways relabel
 * event streams): server-sent events are handed to an {@link SseBodyReader} as they arrive, one JSON conversation is
 * kept whole as the final answer, anything else fails quoting the label and the first bytes.
 * <p>
 * A stream's head is announced through {@code onStreamStart} as soon as its first bytes show it is one, while the
 * HTTP exchange itself only completes with the stream's end, so that cancelling the exchange still closes it.
 */
final class ResponseReader implements AsyncResponseConsumer<ResponseReader.Received> {

    /** How many leading bytes are enough to tell events from anything else. */
    private static final int SNIFF_LIMIT = 64;
    /** HTTP/2 flow-control credit given back each time a stream asks, while its listener has room. */
    private static final int STREAM_WINDOW = 65_536;

    /** A response: its head, and either its body or, for a stream, the reader its events go to. */
    record Received(HttpResponse head, byte[] body, SseBodyReader events) {
        int status() {
            return head.getCode();
        }

        String header(String name) {
            Header header = head.getFirstHeader(name);
            return header == null ? null : header.getValue();
        }

        String contentType() {
            String type = header("Content-Type");
            return type == null ? "no content type" : type;
        }
    }

    private enum Mode { BUFFER, SNIFF, EVENTS, WHOLE_ANSWER }

    private final long maxBytes;
    private final Supplier<SseBodyReader> readers;
    private final Consumer<Received> onStreamStart;
    private final SseBodyReader.Source source;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile Mode mode = Mode.BUFFER;
    private volatile HttpResponse head;
    private volatile FutureCallback<Received> result;
    private volatile SseBodyReader events;
    private volatile CapacityChannel capacity;

    /**
     * @param readers       for a stream call, makes the reader of a successful answer's events; null otherwise
     * @param onStreamStart told of a stream's head (with its reader) once its first bytes are in
     * @param cancelExchange how a stream's reader cancels the HTTP exchange (its stream, or its connection)
     */
    ResponseReader(long maxBytes, Supplier<SseBodyReader> readers, Consumer<Received> onStreamStart,
                   Runnable cancelExchange) {
        this.maxBytes = maxBytes;
        this.readers = readers;
        this.onStreamStart = onStreamStart;
        this.source = new SseBodyReader.Source() {
            @Override
            public void more() {
                ResponseReader.this.more();
            }

            @Override
            public void cancel() {
                cancelExchange.run();
            }
        };
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<Received> resultCallback) throws IOException {
        head = response;
        result = resultCallback;
        if (readers != null && response.getCode() == 200) {
            mode = Mode.SNIFF;
        }
        if (entity == null) {
            streamEnd(null);
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: nothing to do
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        capacity = channel;
        if (mode != Mode.EVENTS) {
            channel.update(Integer.MAX_VALUE); // bounded by the size limit instead
        } else if (events.wantsMore()) {
            channel.update(STREAM_WINDOW);
        }
    }

    @Override
    public void consume(ByteBuffer data) throws IOException {
        try {
            switch (mode) {
                case EVENTS -> events.onData(data);
                case SNIFF -> {
                    collect(data);
                    sniff(false);
                }
                default -> collect(data);
            }
        } catch (UnusableResponseException e) {
            throw withRequestId(e);
        }
    }

    /** The answer's request-id goes with the failure: support asks for it. */
    private UnusableResponseException withRequestId(UnusableResponseException e) {
        Header requestId = head == null ? null : head.getFirstHeader("request-id");
        e.setRequestId(requestId == null ? null : requestId.getValue());
        return e;
    }

    private void collect(ByteBuffer data) throws ResponseTooLargeException {
        if (bytes.size() + (long) data.remaining() > maxBytes) {
            throw new ResponseTooLargeException(maxBytes);
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        bytes.writeBytes(chunk);
    }

    /** Decides what a successful stream answer holds, once its first bytes tell. */
    private void sniff(boolean ended) throws IOException {
        byte[] seen = bytes.toByteArray();
        int start = 0;
        if (seen.length >= 3 && (seen[0] & 0xFF) == 0xEF && (seen[1] & 0xFF) == 0xBB && (seen[2] & 0xFF) == 0xBF) {
            start = 3; // UTF-8 byte order mark
        }
        while (start < seen.length && Character.isWhitespace(seen[start])) {
            start++;
        }
        if (start == seen.length) {
            if (ended) {
                throw new UnusableResponseException("the stream's 200 answer (" + label() + ") has an empty body");
            }
            return;
        }
        if (seen[start] == '{') {
            mode = Mode.WHOLE_ANSWER;
            return;
        }
        String line = firstLine(seen, start);
        boolean complete = line.length() < seen.length - start || line.contains(":") || ended;
        if (isEventLine(line)) {
            mode = Mode.EVENTS;
            events = readers.get();
            bytes.reset();
            onStreamStart.accept(new Received(head, null, events));
            events.start(source);
            events.onData(ByteBuffer.wrap(seen));
            return;
        }
        if (complete || seen.length >= SNIFF_LIMIT) {
            throw new UnusableResponseException("the stream's 200 answer is neither server-sent events nor a JSON"
                    + " conversation (" + label() + ", first bytes: \"" + printable(seen) + "\")");
        }
    }

    private static String firstLine(byte[] seen, int start) {
        int end = start;
        while (end < seen.length && seen[end] != '\n' && seen[end] != '\r') {
            end++;
        }
        return new String(seen, start, end - start, StandardCharsets.UTF_8);
    }

    /** A comment, or one of the four fields of the event-stream format, alone or followed by a colon. */
    private static boolean isEventLine(String line) {
        if (line.startsWith(":")) {
            return true;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        return field.equals("data") || field.equals("event") || field.equals("id") || field.equals("retry");
    }

    private String label() {
        Header type = head.getFirstHeader("Content-Type");
        return type == null ? "no Content-Type" : "Content-Type " + type.getValue();
    }

    private static String printable(byte[] seen) {
        String text = new String(seen, 0, Math.min(seen.length, SNIFF_LIMIT), StandardCharsets.UTF_8);
        return text.replaceAll("[\\p{Cntrl}]", "\u00b7");
    }

    /** Asks the transport for more of a stream whose listener has room again. */
    void more() {
        CapacityChannel channel = capacity;
        if (channel != null) {
            try {
                channel.update(STREAM_WINDOW);
            } catch (IOException e) {
                failed(e);
            }
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws IOException {
        if (mode == Mode.SNIFF) {
            try {
                sniff(true);
            } catch (UnusableResponseException e) {
                throw withRequestId(e);
            }
        }
        switch (mode) {
            case EVENTS -> {
                events.onEnd();
                result.completed(new Received(head, null, events));
            }
            case WHOLE_ANSWER -> {
                SseBodyReader whole = readers.get();
                Received received = new Received(head, null, whole);
                onStreamStart.accept(received);
                whole.start(source);
                whole.onWholeBody(bytes.toByteArray());
                result.completed(received);
            }
            default -> result.completed(new Received(head, bytes.toByteArray(), null));
        }
    }

    @Override
    public void failed(Exception cause) {
        SseBodyReader reader = events;
        if (reader != null) {
            reader.onError(cause);
        }
    }

    @Override
    public void releaseResources() {
        // nothing held beyond the buffer
    }
}
