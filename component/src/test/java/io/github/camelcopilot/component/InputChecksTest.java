package io.github.camelcopilot.component;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InputChecksTest {

    // ---- conversation ids ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"0d110e7e-2b7e-4270-a899-fd2af6fde333", "0D110E7E-2B7E-4270-A899-FD2AF6FDE333", "abc",
                            "a.b", "a_b~c", "7"})
    void safeConversationIdsPass(String id) {
        assertThat(InputChecks.checkConversationId(id)).isNull();
    }

    @Test
    void conversationIdOf256CharactersPasses() {
        assertThat(InputChecks.checkConversationId("a".repeat(256))).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "  "})
    void emptyConversationIdIsRefused(String id) {
        assertThat(InputChecks.checkConversationId(id)).isEqualTo("the conversation id is empty");
    }

    static Stream<Arguments> unsafeIds() {
        return Stream.of(
                Arguments.of("../../me/messages"),
                Arguments.of("a/b"),
                Arguments.of(".."),
                Arguments.of("."),
                Arguments.of("a b"),
                Arguments.of("%2e%2e"),
                Arguments.of("%2F"),
                Arguments.of("a..b"),
                Arguments.of("abc/.."),
                Arguments.of("-abc"),
                Arguments.of("a?b=c"),
                Arguments.of("a#b"),
                Arguments.of("a\\b"),
                Arguments.of(" abc"),
                Arguments.of("abc "),
                Arguments.of("abc\n"),
                Arguments.of("abc\r\nX-Injected: 1"),
                Arguments.of("a\u0000b"),
                Arguments.of("a\u007fb"),
                Arguments.of("caf\u00e9"),
                Arguments.of("a".repeat(257)),
                Arguments.of("a".repeat(300)));
    }

    @ParameterizedTest
    @MethodSource("unsafeIds")
    void unsafeConversationIdsAreRefused(String id) {
        assertThat(InputChecks.checkConversationId(id))
                .isNotNull()
                .contains("not a single safe path segment");
    }

    @Test
    void refusalQuotesTheIdWithoutControlCharacters() {
        String message = InputChecks.checkConversationId("abc\r\nX-Injected: 1\u0000");

        assertThat(message).contains("'abc??X-Injected: 1?'").doesNotContain("\r").doesNotContain("\n")
                .doesNotContain("\u0000");
    }

    @Test
    void refusalOfALongIdQuotesOnlyItsStart() {
        String message = InputChecks.checkConversationId("a".repeat(300));

        assertThat(message).contains("a".repeat(80) + "...").doesNotContain("a".repeat(81));
    }

    // ---- time zones ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"America/New_York", "UTC", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"})
    void ianaTimeZonesPass(String zone) {
        assertThat(InputChecks.checkTimeZone(zone)).isNull();
    }

    @Test
    void windowsTimeZoneNameIsRefusedWithAHint() {
        String message = InputChecks.checkTimeZone("Pacific Standard Time");

        assertThat(message)
                .isNotNull()
                .contains("'Pacific Standard Time'")
                .contains("IANA")
                .contains("Windows names");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GMT+01:00", "Mars/Olympus", "europe/berlin", "Europe/Berlin ", "+01:00", "CET DST"})
    void otherUnknownTimeZonesAreRefused(String zone) {
        assertThat(InputChecks.checkTimeZone(zone)).isNotNull().contains("not an IANA time zone id");
    }

    @Test
    void offsetZoneIsNotMistakenForAWindowsName() {
        assertThat(InputChecks.checkTimeZone("GMT+01:00")).doesNotContain("Windows");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void emptyTimeZoneIsRefused(String zone) {
        assertThat(InputChecks.checkTimeZone(zone)).isEqualTo("the time zone is empty");
    }

    @Test
    void defaultTimeZoneIsAlwaysAcceptable() {
        assertThat(InputChecks.checkTimeZone(InputChecks.defaultTimeZone())).isNull();
    }

    // ---- file URIs -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "https://contoso.sharepoint.com/sites/Marketing/Shared%20Documents/Plan.docx",
        "https://contoso-my.sharepoint.com/personal/adele_contoso_com/Documents/Notes.docx",
        "HTTPS://Contoso.SharePoint.com/sites/x/a.docx",
        "https://contoso.sharepoint.com/:w:/r/sites/x/_layouts/15/Doc.aspx?sourcedoc=%7BABC%7D&file=a.docx",
        "http://contoso.sharepoint.com/sites/x/a.docx"})
    void absoluteHttpUrlsPass(String uri) {
        assertThat(InputChecks.checkFileUri(uri)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a uri", "ftp://x/y", "/relative/path", "https://", "relative/path.docx",
                            "file:///C:/docs/a.docx", "mailto:adele@contoso.com", "https:///path/only", "",
                            "https://contoso.sharepoint.com/sites/a b.docx", "javascript:alert(1)"})
    void otherFileUrisAreRefused(String uri) {
        assertThat(InputChecks.checkFileUri(uri)).isNotNull().startsWith("the file '");
    }

    @Test
    void refusalSaysWhatIsExpected() {
        assertThat(InputChecks.checkFileUri("ftp://x/y")).contains("'ftp://x/y'").contains("http(s)");
        assertThat(InputChecks.checkFileUri("not a uri")).contains("not a valid URL");
    }
}
