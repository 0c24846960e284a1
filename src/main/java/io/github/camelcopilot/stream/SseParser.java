package io.github.camelcopilot.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental server-sent-events parser (the WHATWG event-stream format): bytes go in as they arrive, whole
 * events come out. Lines end in LF, CR or CRLF (also split across chunks); {@code data:} lines are joined with
 * LF; {@code id:} and {@code data:} lose one optional space after the colon; comments and unknown fields are
 * ignored. An event still open when the stream ends is dispatched too, because the Copilot service ends its
 * stream by closing the response, with no terminator to wait for.
 * <p>
 * Lines are split on bytes, which is safe for UTF-8 (CR and LF never occur inside a multi-byte sequence), and
 * decoded strictly: invalid UTF-8 is an error, not silently replaced text. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final Consumer<ServerSentEvent> sink;
    private final long maxEventSize;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String lastEventId;
    private String eventType;
    private boolean previousWasCr;
    private boolean atStreamStart = true;
    private long eventBytes;

    /**
     * @param maxEventSize the most bytes one event (all its lines) may take; a larger one fails the stream
     *                     rather than exhausting memory
     * @param sink         receives each complete event, on the thread that feeds the parser
     */
    public SseParser(long maxEventSize, Consumer<ServerSentEvent> sink) {
        if (maxEventSize <= 0) {
            throw new IllegalArgumentException("maxEventSize must be positive");
        }
        this.maxEventSize = maxEventSize;
        this.sink = sink;
    }

    /** Feeds the next bytes of the stream; complete events are dispatched before this returns. */
    public void feed(ByteBuffer buffer) throws SseFormatException {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == LF) {
                if (previousWasCr) {
                    previousWasCr = false; // the LF of a CRLF pair: the line ended at the CR
                    continue;
                }
                endOfLine();
            } else if (b == CR) {
                previousWasCr = true;
                endOfLine();
            } else {
                previousWasCr = false;
                if (++eventBytes > maxEventSize) {
                    throw new SseFormatException("a server-sent event exceeded the limit of " + maxEventSize
                                                 + " bytes; raise maxEventSize if such events are expected");
                }
                line.write(b);
            }
        }
    }

    /** Signals the end of the stream: an event left open (no blank line after it) is dispatched. */
    public void end() throws SseFormatException {
        if (line.size() > 0) {
            endOfLine();
        }
        dispatch();
    }

    /** The id of the last event seen, as a reconnecting client would send it in {@code Last-Event-ID}. */
    public String lastEventId() {
        return lastEventId;
    }

    private void endOfLine() throws SseFormatException {
        eventBytes++; // line terminators count towards the event's size too
        String text = decode(line);
        line.reset();
        if (atStreamStart) {
            atStreamStart = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // a comment, such as a keep-alive
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    // the service sometimes sends "id: 3 " with a trailing space
                    lastEventId = value.strip();
                }
            }
            case "event" -> eventType = value;
            default -> {
                // "retry" and unknown fields are of no use to a one-shot stream
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            ServerSentEvent event = new ServerSentEvent(lastEventId, eventType, data.toString());
            data.setLength(0);
            hasData = false;
            eventType = null;
            eventBytes = 0;
            sink.accept(event);
        } else {
            eventType = null;
            eventBytes = 0;
        }
    }

    private static String decode(ByteArrayOutputStream bytes) throws SseFormatException {
        if (bytes.size() == 0) {
            return "";
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new SseFormatException("the event stream is not valid UTF-8", e);
        }
    }
}
