package io.github.camelcopilot.internal.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental parser of the WHATWG event-stream format: bytes go in as they arrive, whole events come out. An
 * event still open when the stream ends is dispatched too: the Copilot service ends its stream by closing the
 * response, with no terminator.
 * <p>
 * Lines are split on bytes, which is safe for UTF-8 (CR and LF never occur inside a multi-byte sequence); only the
 * values of the fields kept are decoded, once and strictly. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LFS = ONES * LF;
    private static final long CRS = ONES * CR;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<ServerSentEvent> sink;
    private final long maxEventSize;
    private byte[] line = new byte[256];
    private int lineLength;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The event's data: its first {@code data:} line, and the joined lines once there is a second. */
    private String firstData;
    private StringBuilder moreData;
    private boolean hasData;
    private String lastEventId;
    private String eventType;
    private boolean previousWasCr;
    private boolean atStreamStart = true;
    private long eventBytes;

    /** @param maxEventSize the most bytes one event (all its lines) may take, rather than exhausting memory */
    public SseParser(long maxEventSize, Consumer<ServerSentEvent> sink) {
        if (maxEventSize <= 0) {
            throw new IllegalArgumentException("maxEventSize must be positive");
        }
        this.maxEventSize = maxEventSize;
        this.sink = sink;
    }

    /** Feeds the next bytes; complete events are dispatched before this returns. */
    public void feed(ByteBuffer buffer) throws SseFormatException {
        while (buffer.hasRemaining()) {
            // The bytes up to the next line terminator are copied in one go: per-byte handling cost more than
            // parsing the JSON of the events (a profile of 4 KB answers over 50 snapshots showed it).
            int start = buffer.position();
            int run = lineRun(buffer, start, buffer.limit()) - start;
            if (run > 0) {
                previousWasCr = false;
                eventBytes += run;
                if (eventBytes > maxEventSize) {
                    throw new SseFormatException("a server-sent event exceeded the limit of " + maxEventSize
                                                 + " bytes; raise maxEventSize if such events are expected");
                }
                appendToLine(buffer, run);
            }
            if (!buffer.hasRemaining()) {
                return;
            }
            byte b = buffer.get();
            if (b == LF) {
                if (previousWasCr) {
                    previousWasCr = false; // the LF of a CRLF pair: the line ended at the CR
                    continue;
                }
                endOfLine();
            } else {
                previousWasCr = true;
                endOfLine();
            }
        }
    }

    /**
     * Where the next line terminator lies at or after {@code start} (or {@code limit}). On an array, eight bytes are
     * tested at a time (a byte equal to LF or CR becomes a zero byte, which the classic bit trick finds): this scan
     * touches every byte of a stream and cost a tenth of its client CPU one byte at a time.
     */
    private static int lineRun(ByteBuffer buffer, int start, int limit) {
        if (!buffer.hasArray()) {
            int at = start;
            while (at < limit && buffer.get(at) != LF && buffer.get(at) != CR) {
                at++;
            }
            return at;
        }
        byte[] bytes = buffer.array();
        int offset = buffer.arrayOffset();
        int end = offset + limit;
        int at = offset + start;
        for (; at + Long.BYTES <= end; at += Long.BYTES) {
            long word = (long) LONGS.get(bytes, at);
            long lf = word ^ LFS;
            long cr = word ^ CRS;
            long zeros = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGH_BITS;
            if (zeros != 0) {
                // little-endian: the lowest flagged byte is the first terminator (higher flags may be false)
                return at + (Long.numberOfTrailingZeros(zeros) >>> 3) - offset;
            }
        }
        while (at < end && bytes[at] != LF && bytes[at] != CR) {
            at++;
        }
        return at - offset;
    }

    private void appendToLine(ByteBuffer buffer, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        buffer.get(line, lineLength, length);
        lineLength += length;
    }

    /** The stream ended: an event left open is dispatched. */
    public void end() throws SseFormatException {
        if (lineLength > 0) {
            endOfLine();
        }
        dispatch();
    }

    private void endOfLine() throws SseFormatException {
        eventBytes++; // line terminators count towards the event's size too
        int from = 0;
        if (atStreamStart) {
            atStreamStart = false;
            if (lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                from = 3; // the byte order mark of the stream's first line
            }
        }
        int length = lineLength;
        lineLength = 0;
        if (from == length) {
            dispatch();
            return;
        }
        if (line[from] == ':') {
            return; // a comment, such as a keep-alive
        }
        int colon = from;
        while (colon < length && line[colon] != ':') {
            colon++;
        }
        int valueStart = Math.min(colon + 1, length);
        if (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        if (isField(DATA, from, colon)) {
            String value = decode(valueStart, length);
            if (!hasData) {
                firstData = value;
                hasData = true;
            } else {
                if (moreData == null) {
                    moreData = new StringBuilder(firstData);
                }
                moreData.append('\n').append(value);
            }
        } else if (isField(ID, from, colon)) {
            String value = decode(valueStart, length);
            if (value.indexOf('\0') < 0) {
                // the service sometimes sends "id: 3 " with a trailing space
                lastEventId = value.strip();
            }
        } else if (isField(EVENT, from, colon)) {
            eventType = decode(valueStart, length);
        }
        // "retry" and unknown fields are of no use to a one-shot stream: skipped like comments, undecoded
    }

    private boolean isField(byte[] name, int from, int colon) {
        return colon - from == name.length && Arrays.equals(line, from, colon, name, 0, name.length);
    }

    private void dispatch() {
        String data = moreData != null ? moreData.toString() : firstData;
        ServerSentEvent event = hasData ? new ServerSentEvent(lastEventId, eventType, data) : null;
        firstData = null;
        moreData = null;
        hasData = false;
        eventType = null;
        eventBytes = 0;
        if (event != null) {
            sink.accept(event);
        }
    }

    /**
     * Decodes {@code line[from, to)} strictly. The JDK's lenient decoding is the fast one (vectorized for ASCII); only
     * when its result holds a replacement character are the bytes decoded again, strictly.
     */
    private String decode(int from, int to) throws SseFormatException {
        if (from >= to) {
            return "";
        }
        String text = new String(line, from, to - from, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return decoder.reset().decode(ByteBuffer.wrap(line, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new SseFormatException("the event stream is not valid UTF-8", e);
        }
    }
}
