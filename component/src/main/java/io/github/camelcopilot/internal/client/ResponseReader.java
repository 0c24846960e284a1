package io.github.camelcopilot.internal.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.camelcopilot.internal.stream.SseBodyReader;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads one response on an I/O thread: a body into memory up to a size limit, except a stream call's 200 answer,
 * read by what it holds rather than by its label (gateways relabel event streams): events go to an
 * {@link SseBodyReader} as they arrive, one JSON conversation is kept whole. The exchange completes only with the
 * stream's end, so that cancelling it still closes the stream.
 */
final class ResponseReader implements AsyncResponseConsumer<ResponseReader.Received>, SseBodyReader.Source {

    /** Leading bytes enough to tell events from anything else. */
    private static final int SNIFF_LIMIT = 64;
    private static final int STREAM_WINDOW = 65_536;
    /** The most a declared length reserves at once. */
    private static final int MAX_PRESIZE = 1 << 20;
    private static final byte[] NO_BYTES = new byte[0];

    /** A response: its head, and its body or, for a stream, the reader of its events. */
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
    private final Runnable cancelExchange;
    private byte[] body = NO_BYTES;
    private int size;
    private volatile Mode mode = Mode.BUFFER;
    private volatile HttpResponse head;
    private volatile FutureCallback<Received> result;
    private volatile SseBodyReader events;
    private volatile CapacityChannel capacity;

    /**
     * @param readers       for a stream call, makes the reader of a successful answer's events; null otherwise
     * @param onStreamStart told of a stream's head (with its reader) once its first bytes are in
     */
    ResponseReader(long maxBytes, Supplier<SseBodyReader> readers, Consumer<Received> onStreamStart,
                   Runnable cancelExchange) {
        this.maxBytes = maxBytes;
        this.readers = readers;
        this.onStreamStart = onStreamStart;
        this.cancelExchange = cancelExchange;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<Received> resultCallback) throws IOException {
        head = response;
        result = resultCallback;
        if (readers != null && response.getCode() == 200) {
            mode = Mode.SNIFF;
        } else if (entity != null && entity.getContentLength() > 0) {
            if (entity.getContentLength() > maxBytes) {
                throw new ResponseTooLargeException(maxBytes);
            }
            body = new byte[(int) Math.min(entity.getContentLength(), MAX_PRESIZE)];
        }
        if (entity == null) {
            streamEnd(null);
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
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
                case SNIFF -> sniff(data);
                default -> collect(data);
            }
        } catch (UnusableResponseException e) {
            throw withRequestId(e);
        }
    }

    private UnusableResponseException withRequestId(UnusableResponseException e) {
        Header requestId = head == null ? null : head.getFirstHeader("request-id");
        e.setRequestId(requestId == null ? null : requestId.getValue());
        return e;
    }

    private void collect(ByteBuffer data) throws ResponseTooLargeException {
        int length = data.remaining();
        if (size + (long) length > maxBytes) {
            throw new ResponseTooLargeException(maxBytes);
        }
        if (size + length > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(Math.min(maxBytes, Integer.MAX_VALUE - 8L),
                    Math.max(size + (long) length, body.length * 2L)));
        }
        data.get(body, size, length);
        size += length;
    }

    private byte[] bodyBytes() {
        return size == body.length ? body : Arrays.copyOf(body, size);
    }

    /** The first chunk is looked at where it lies (it usually decides); only undecided bytes are kept. */
    private void sniff(ByteBuffer data) throws IOException {
        if (size == 0) {
            sniff(data.slice(), false);
            if (mode == Mode.SNIFF || mode == Mode.WHOLE_ANSWER) {
                collect(data);
            } else {
                data.position(data.limit()); // handed to the events reader
            }
        } else {
            collect(data);
            sniff(ByteBuffer.wrap(body, 0, size), false);
            if (mode == Mode.EVENTS) {
                size = 0;
                body = NO_BYTES;
            }
        }
    }

    /** Decides what a stream's 200 answer holds once its first bytes tell; events go to a new reader. */
    private void sniff(ByteBuffer seen, boolean ended) throws IOException {
        int end = seen.limit();
        int start = seen.position();
        if (end - start >= 3 && (seen.get(start) & 0xFF) == 0xEF && (seen.get(start + 1) & 0xFF) == 0xBB
            && (seen.get(start + 2) & 0xFF) == 0xBF) {
            start += 3; // UTF-8 byte order mark
        }
        while (start < end && Character.isWhitespace(seen.get(start))) {
            start++;
        }
        if (start == end) {
            if (ended) {
                throw new UnusableResponseException("the stream's 200 answer (" + label() + ") has an empty body");
            }
            return;
        }
        if (seen.get(start) == '{') {
            mode = Mode.WHOLE_ANSWER;
            return;
        }
        int lineEnd = start;
        while (lineEnd < end && seen.get(lineEnd) != '\n' && seen.get(lineEnd) != '\r') {
            lineEnd++;
        }
        byte[] firstLine = new byte[lineEnd - start];
        seen.get(start, firstLine);
        String line = new String(firstLine, StandardCharsets.UTF_8);
        // Counted in bytes: a multi-byte character cut at the end of the bytes so far does not end the line.
        boolean complete = lineEnd < end || line.contains(":") || ended;
        if (isEventLine(line)) {
            mode = Mode.EVENTS;
            events = readers.get();
            onStreamStart.accept(new Received(head, null, events));
            events.start(this);
            events.onData(seen);
            return;
        }
        if (complete || end - seen.position() >= SNIFF_LIMIT) {
            throw new UnusableResponseException("the stream's 200 answer is neither server-sent events nor a JSON"
                    + " conversation (" + label() + ", first bytes: \"" + printable(seen) + "\")");
        }
    }

    /** A comment, or one of the event-stream format's four fields. */
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

    private static String printable(ByteBuffer seen) {
        byte[] first = new byte[Math.min(seen.remaining(), SNIFF_LIMIT)];
        seen.get(seen.position(), first);
        return new String(first, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}]", "\u00b7");
    }

    @Override
    public void more() {
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
    public void cancel() {
        cancelExchange.run();
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws IOException {
        if (mode == Mode.SNIFF) {
            try {
                sniff(ByteBuffer.wrap(body, 0, size), true);
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
                whole.start(this);
                whole.onWholeBody(bodyBytes());
                result.completed(received);
            }
            default -> result.completed(new Received(head, bodyBytes(), null));
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
    }
}
