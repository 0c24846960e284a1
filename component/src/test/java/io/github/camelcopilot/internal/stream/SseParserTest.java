package io.github.camelcopilot.internal.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseParserTest {

    private static final long LARGE = 1 << 20;

    /** A stream shaped like the service's, with a few extra features (comments, multi-line data, CRLF, CR). */
    private static final String SAMPLE = "\uFEFF: keep-alive\r\n"
                                         + "data: {\"messages\":[],\"displayName\":\"Gr\u00fc\u00dfe \u20ac \uD83D\uDE00\"}\n"
                                         + "id:1\n"
                                         + "\n"
                                         + "event: update\r\n"
                                         + "data: line one\r\n"
                                         + "data:line two\r\n"
                                         + "id: 2 \r\n"
                                         + "retry: 5000\r\n"
                                         + "\r\n"
                                         + "data: third \u00e9v\u00e9nement\r"
                                         + "id: 3\r"
                                         + "\r"
                                         + "data: last, no blank line";

    private static final List<ServerSentEvent> SAMPLE_EVENTS = List.of(
            new ServerSentEvent("1", null, "{\"messages\":[],\"displayName\":\"Gr\u00fc\u00dfe \u20ac \uD83D\uDE00\"}"),
            new ServerSentEvent("2", "update", "line one\nline two"),
            new ServerSentEvent("3", null, "third \u00e9v\u00e9nement"),
            new ServerSentEvent("3", null, "last, no blank line"));

    // ---- helpers -------------------------------------------------------------------------------------------

    private static final class Collector {
        final List<ServerSentEvent> events = new ArrayList<>();
        final SseParser parser;

        Collector(long maxEventSize) {
            parser = new SseParser(maxEventSize, events::add);
        }

        Collector feed(byte[] bytes) throws SseFormatException {
            parser.feed(ByteBuffer.wrap(bytes));
            return this;
        }

        Collector feed(String text) throws SseFormatException {
            return feed(text.getBytes(StandardCharsets.UTF_8));
        }

        Collector end() throws SseFormatException {
            parser.end();
            return this;
        }
    }

    private static List<ServerSentEvent> parseWhole(String stream) throws SseFormatException {
        return new Collector(LARGE).feed(stream).end().events;
    }

    private static List<ServerSentEvent> parseInChunks(byte[] bytes, int[] chunkSizes) throws SseFormatException {
        Collector c = new Collector(LARGE);
        int pos = 0;
        for (int size : chunkSizes) {
            c.feed(Arrays.copyOfRange(bytes, pos, pos + size));
            pos += size;
        }
        c.feed(Arrays.copyOfRange(bytes, pos, bytes.length));
        return c.end().events;
    }

    /** Compares records field by field (the record's equals does that; toString hides the data). */
    private static void assertSameEvents(List<ServerSentEvent> actual, List<ServerSentEvent> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).id()).as("id of event %d", i).isEqualTo(expected.get(i).id());
            assertThat(actual.get(i).event()).as("type of event %d", i).isEqualTo(expected.get(i).event());
            assertThat(actual.get(i).data()).as("data of event %d", i).isEqualTo(expected.get(i).data());
        }
    }

    // ---- line endings --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void everyLineEndingFramesEvents(String eol) throws Exception {
        String stream = "data: a" + eol + "id: 1" + eol + eol + "data: b" + eol + "id: 2" + eol + eol;

        List<ServerSentEvent> events = parseWhole(stream);

        assertSameEvents(events, List.of(new ServerSentEvent("1", null, "a"), new ServerSentEvent("2", null, "b")));
    }

    @Test
    void mixedLineEndingsInOneStream() throws Exception {
        List<ServerSentEvent> events = parseWhole("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r");

        assertSameEvents(events, List.of(new ServerSentEvent(null, null, "a\nb\nc"), new ServerSentEvent(null, null, "d")));
    }

    @Test
    void crlfSplitAcrossTwoFeedsIsOneLineEnding() throws Exception {
        Collector c = new Collector(LARGE);
        c.feed("data: a\r");
        assertThat(c.events).isEmpty();
        c.feed("\ndata: b\r");
        c.feed("\n\r");
        assertThat(c.events).hasSize(1);
        c.feed("\n");
        c.end();

        // were the LF after a CR counted as a second line ending, "a" would have been dispatched alone
        assertSameEvents(c.events, List.of(new ServerSentEvent(null, null, "a\nb")));
    }

    @Test
    void crAtEndOfChunkFollowedByDataIsALineEnding() throws Exception {
        Collector c = new Collector(LARGE).feed("data: a\r").feed("\r").feed("data: b\r").feed("data: c").end();

        assertSameEvents(c.events, List.of(new ServerSentEvent(null, null, "a"), new ServerSentEvent(null, null, "b\nc")));
    }

    @Test
    void sampleStreamParsedWhole() throws Exception {
        assertSameEvents(parseWhole(SAMPLE), SAMPLE_EVENTS);
    }

    /** The transport hands over slices of its own buffers, direct or read-only ones too: all read alike. */
    @Test
    void bufferKindsGiveTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        byte[] padded = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, padded, 10, bytes.length);
        ByteBuffer offsetSlice = ByteBuffer.wrap(padded, 10, bytes.length).slice();
        for (ByteBuffer buffer : List.of(direct, ByteBuffer.wrap(bytes).asReadOnlyBuffer(), offsetSlice)) {
            List<ServerSentEvent> events = new ArrayList<>();
            SseParser parser = new SseParser(LARGE, events::add);
            parser.feed(buffer);
            parser.end();
            assertSameEvents(events, SAMPLE_EVENTS);
        }
    }

    /**
     * Lines found eight bytes at a time: terminators at every offset within a word, beside bytes that differ from LF
     * or CR only in the high bit (U+020A and U+020D end in 0x8A and 0x8D), and a real replacement character.
     */
    @Test
    void terminatorsAtEveryOffsetAmongMultiByteCharacters() throws Exception {
        for (int pad = 0; pad < 17; pad++) {
            String value = "x".repeat(pad) + "\u020A\u020D\uFFFD\u00e9" + "y".repeat(16 - pad);
            String stream = "data: " + value + "\r\ndata:" + value + "\rid: " + pad + "\n\n";

            List<ServerSentEvent> events = parseWhole(stream);

            assertSameEvents(events, List.of(new ServerSentEvent(String.valueOf(pad), null, value + "\n" + value)));
        }
    }

    @Test
    void everySplitPointOfTheSampleGivesTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            List<ServerSentEvent> events = parseInChunks(bytes, new int[] {split});
            assertThat(events).as("split at byte %d", split).isEqualTo(SAMPLE_EVENTS);
        }
    }

    @Test
    void everyPairOfSplitPointsGivesTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second++) {
                List<ServerSentEvent> events = parseInChunks(bytes, new int[] {first, second - first});
                assertThat(events).as("split at bytes %d and %d", first, second).isEqualTo(SAMPLE_EVENTS);
            }
        }
    }

    @Test
    void sampleFedByteByByteGivesTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        int[] ones = new int[bytes.length];
        Arrays.fill(ones, 1);

        assertSameEvents(parseInChunks(bytes, ones), SAMPLE_EVENTS);
    }

    @Test
    void sampleFedInRandomChunksGivesTheSameEvents() throws Exception {
        byte[] bytes = SAMPLE.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20240917L);
        for (int round = 0; round < 500; round++) {
            List<Integer> sizes = new ArrayList<>();
            int left = bytes.length;
            while (left > 0) {
                int size = Math.min(left, 1 + random.nextInt(12));
                sizes.add(size);
                left -= size;
            }
            int[] chunks = sizes.stream().mapToInt(Integer::intValue).toArray();
            assertThat(parseInChunks(bytes, chunks)).as("round %d, chunks %s", round, sizes).isEqualTo(SAMPLE_EVENTS);
        }
    }

    @Test
    void emptyBuffersChangeNothing() throws Exception {
        Collector c = new Collector(LARGE).feed(new byte[0]).feed("data: a\r").feed(new byte[0]).feed("\n\n").feed(new byte[0]);

        assertSameEvents(c.end().events, List.of(new ServerSentEvent(null, null, "a")));
    }

    // ---- fields --------------------------------------------------------------------------------------------

    @Test
    void multiLineDataIsJoinedWithLf() throws Exception {
        List<ServerSentEvent> events = parseWhole("data: first\ndata: second\ndata:third\n\n");

        assertThat(events).singleElement().extracting(ServerSentEvent::data).isEqualTo("first\nsecond\nthird");
    }

    @Test
    void dataWithAndWithoutTheSpace() throws Exception {
        List<ServerSentEvent> events = parseWhole("data: with\n\ndata:without\n\ndata:  two spaces\n\ndata: \n\ndata\n\n");

        assertThat(events).extracting(ServerSentEvent::data)
                .containsExactly("with", "without", " two spaces", "", "");
    }

    @Test
    void dataValueKeepsColonsAndTrailingSpaces() throws Exception {
        List<ServerSentEvent> events = parseWhole("data: {\"a\":\"b:c\"}  \n\n");

        assertThat(events).singleElement().extracting(ServerSentEvent::data).isEqualTo("{\"a\":\"b:c\"}  ");
    }

    @Test
    void idWithAndWithoutSpaceAndWithTrailingSpace() throws Exception {
        List<ServerSentEvent> events = parseWhole("data: a\nid:1\n\ndata: b\nid: 2\n\ndata: c\nid: 3 \n\n");

        assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3");
    }

    @Test
    void idCarriesOverToLaterEvents() throws Exception {
        Collector c = new Collector(LARGE).feed("id: 7\ndata: a\n\n").feed("data: b\n\n").end();

        assertThat(c.events).extracting(ServerSentEvent::id).containsExactly("7", "7");
    }

    @Test
    void idIsNullBeforeAnyId() throws Exception {
        Collector c = new Collector(LARGE).feed("data: a\n\n").end();

        assertThat(c.events).singleElement().extracting(ServerSentEvent::id).isNull();
    }

    @Test
    void idContainingNulIsIgnored() throws Exception {
        List<ServerSentEvent> events = parseWhole("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n");

        assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "1");
    }

    @Test
    void commentsAreIgnored() throws Exception {
        List<ServerSentEvent> events = parseWhole(": keep-alive\n:\ndata: a\n: in the middle\ndata: b\n\n: ping\n\n");

        assertSameEvents(events, List.of(new ServerSentEvent(null, null, "a\nb")));
    }

    @Test
    void eventRetryAndUnknownFieldsDoNotChangeTheData() throws Exception {
        List<ServerSentEvent> events = parseWhole(
                "event: progress\nretry: 1000\nfoo: bar\nnocolon\n\"type\": \"AdaptiveCard\",\ndata: x\n\n");

        assertSameEvents(events, List.of(new ServerSentEvent(null, "progress", "x")));
    }

    @Test
    void eventWithoutDataIsNotDispatched() throws Exception {
        List<ServerSentEvent> events = parseWhole("event: ping\nid: 4\nretry: 10\n\n");

        assertThat(events).isEmpty();
    }

    @Test
    void blankLineOnlyStreamHasNoEvents() throws Exception {
        assertThat(parseWhole("\n\n\r\n\r\r\n\n")).isEmpty();
        assertThat(parseWhole("")).isEmpty();
    }

    @Test
    void eventWithoutTerminatingBlankLineIsDispatchedAtEnd() throws Exception {
        Collector c = new Collector(LARGE).feed("data: a\n\ndata: {\"messages\":[]}\nid: 9");
        assertThat(c.events).hasSize(1);

        c.end();

        assertSameEvents(c.events, List.of(new ServerSentEvent(null, null, "a"),
                new ServerSentEvent("9", null, "{\"messages\":[]}")));
    }

    @Test
    void eventEndedByOneLineEndingOnlyIsDispatchedAtEnd() throws Exception {
        Collector c = new Collector(LARGE).feed("data: a\nid: 1\n");
        assertThat(c.events).isEmpty();

        assertSameEvents(c.end().events, List.of(new ServerSentEvent("1", null, "a")));
    }

    @Test
    void endTwiceDoesNotDispatchTwice() throws Exception {
        Collector c = new Collector(LARGE).feed("data: a").end().end();

        assertThat(c.events).hasSize(1);
    }

    @Test
    void linesAfterADispatchedEventStartFresh() throws Exception {
        List<ServerSentEvent> events = parseWhole("event: first\ndata: a\ndata: b\n\ndata: c\n\nevent: third\n\ndata: d\n\n");

        assertSameEvents(events, List.of(
                new ServerSentEvent(null, "first", "a\nb"),
                new ServerSentEvent(null, null, "c"),
                // the type of an event without data is dropped at its blank line, not carried to the next one
                new ServerSentEvent(null, null, "d")));
    }

    // ---- encoding ------------------------------------------------------------------------------------------

    @Test
    void multiByteCharacterSplitAcrossChunks() throws Exception {
        byte[] bytes = "data: \u20ac\uD83D\uDE00\u00e9\n\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            List<ServerSentEvent> events = parseInChunks(bytes, new int[] {split});
            assertThat(events).as("split at %d", split).singleElement()
                    .extracting(ServerSentEvent::data).isEqualTo("\u20ac\uD83D\uDE00\u00e9");
        }
    }

    @Test
    void invalidUtf8IsAnError() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("data: caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // ISO-8859-1 e-acute: not UTF-8
        bytes.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        Collector c = new Collector(LARGE);

        assertThatThrownBy(() -> c.feed(bytes.toByteArray()))
                .isInstanceOf(SseFormatException.class)
                .hasMessageContaining("UTF-8");
        assertThat(c.events).isEmpty();
    }

    @Test
    void commentsAndIgnoredFieldsAreSkippedUndecoded() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(": caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // not UTF-8, but in a comment: never read
        bytes.writeBytes("\nretry: ".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // nor in a field the parser ignores
        bytes.writeBytes("\ndata: caf\u00e9 \u20ac\n\n".getBytes(StandardCharsets.UTF_8));

        List<ServerSentEvent> events = new Collector(LARGE).feed(bytes.toByteArray()).end().events;

        assertSameEvents(events, List.of(new ServerSentEvent(null, null, "caf\u00e9 \u20ac")));
    }

    @Test
    void invalidUtf8InAnIdOrEventTypeIsAnError() {
        for (String field : List.of("id: ", "event: ")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            bytes.write(0xE9);
            bytes.writeBytes("\ndata: x\n\n".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> new Collector(LARGE).feed(bytes.toByteArray()))
                    .isInstanceOf(SseFormatException.class)
                    .hasMessageContaining("UTF-8");
        }
    }

    @Test
    void truncatedMultiByteSequenceAtEndOfStreamIsAnError() throws Exception {
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        Collector c = new Collector(LARGE).feed("data: ").feed(Arrays.copyOf(euro, 2));

        assertThatThrownBy(c::end).isInstanceOf(SseFormatException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void overlongEncodingIsAnError() throws Exception {
        // 0xC0 0xAF is an overlong '/', forbidden in UTF-8
        Collector c = new Collector(LARGE).feed("data: ").feed(new byte[] {(byte) 0xC0, (byte) 0xAF});

        assertThatThrownBy(() -> c.feed("\n")).isInstanceOf(SseFormatException.class);
    }

    @Test
    void bomAtStreamStartIsDropped() throws Exception {
        List<ServerSentEvent> events = parseWhole("\uFEFFdata: a\n\n");

        assertSameEvents(events, List.of(new ServerSentEvent(null, null, "a")));
    }

    @Test
    void bomSplitAcrossChunksIsDropped() throws Exception {
        byte[] bytes = "\uFEFFdata: a\n\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= 3; split++) {
            assertSameEvents(parseInChunks(bytes, new int[] {split}), List.of(new ServerSentEvent(null, null, "a")));
        }
    }

    @Test
    void bomLaterInTheStreamIsData() throws Exception {
        List<ServerSentEvent> events = parseWhole("data: a\n\ndata: \uFEFFb\n\n");

        assertThat(events).extracting(ServerSentEvent::data).containsExactly("a", "\uFEFFb");
    }

    // ---- size limit ----------------------------------------------------------------------------------------

    @Test
    void maxEventSizeMustBePositive() {
        assertThatThrownBy(() -> new SseParser(0, e -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SseParser(-1, e -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventLargerThanTheLimitIsAnError() {
        Collector c = new Collector(100);
        String big = "data: " + "x".repeat(200) + "\n\n";

        assertThatThrownBy(() -> c.feed(big))
                .isInstanceOf(SseFormatException.class)
                .hasMessageContaining("100")
                .hasMessageContaining("maxEventSize");
        assertThat(c.events).isEmpty();
    }

    @Test
    void singleLineEventExactlyAtTheLimitPasses() throws Exception {
        // The bytes of the line count; its own line ending and the blank line after it are not checked against the
        // limit (they are counted, but the count is only checked on the next content byte, and the blank line resets
        // it).
        String line = "data: " + "x".repeat(94);
        assertThat(line.getBytes(StandardCharsets.UTF_8)).hasSize(100);

        List<ServerSentEvent> events = new Collector(100).feed(line + "\n\n").end().events;

        assertThat(events).singleElement().extracting(ServerSentEvent::data).isEqualTo("x".repeat(94));
    }

    @Test
    void singleLineEventOneByteOverTheLimitFails() {
        String line = "data: " + "x".repeat(95);

        assertThatThrownBy(() -> new Collector(100).feed(line + "\n\n")).isInstanceOf(SseFormatException.class);
    }

    @Test
    void multiByteCharactersCountAsBytes() throws Exception {
        String line = "data: " + "\u20ac".repeat(31); // 6 + 93 = 99 bytes, 37 chars
        assertThat(new Collector(99).feed(line + "\n\n").end().events).hasSize(1);
        assertThatThrownBy(() -> new Collector(98).feed(line + "\n\n")).isInstanceOf(SseFormatException.class);
    }

    @Test
    void lineEndingsBetweenTheLinesOfAnEventCount() throws Exception {
        // "data: a" (7) + LF (1) + "data: b" (7) = 15 bytes
        String stream = "data: a\ndata: b\n\n";
        assertThat(new Collector(15).feed(stream).end().events).singleElement()
                .extracting(ServerSentEvent::data).isEqualTo("a\nb");
        assertThatThrownBy(() -> new Collector(14).feed(stream)).isInstanceOf(SseFormatException.class);
        // CRLF counts as one byte (the CR; the LF of the pair is skipped)
        String crlf = "data: a\r\ndata: b\r\n\r\n";
        assertThat(new Collector(15).feed(crlf).end().events).hasSize(1);
    }

    @Test
    void theLimitAppliesPerEventNotPerStream() throws Exception {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            stream.append("data: ").append("x".repeat(94)).append("\n\n");
        }

        assertThat(new Collector(100).feed(stream.toString()).end().events).hasSize(50);
    }

    @Test
    void limitIsCheckedWhileTheLineIsStillArriving() {
        // a line that never ends must not be buffered without bound
        Collector c = new Collector(1000);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                c.feed("x".repeat(100));
            }
        }).isInstanceOf(SseFormatException.class);
    }

    @Test
    void toStringDoesNotContainTheData() throws Exception {
        ServerSentEvent event = parseWhole("id: 1\ndata: {\"text\":\"secret prompt\"}\n\n").get(0);

        assertThat(event.toString()).doesNotContain("secret").contains("id=1").contains("dataLength=");
    }
}
