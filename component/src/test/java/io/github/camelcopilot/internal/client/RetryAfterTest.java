package io.github.camelcopilot.internal.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    /** Tuesday, 30 September 2025, 15:28:00 UTC. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-30T15:28:00Z"), ZoneOffset.UTC);

    private static Duration parse(String value) {
        return RetryAfter.parse(value, CLOCK);
    }

    @Test
    void fractionalSecondsAsSeenFromGraph() {
        assertThat(parse("2.128")).isEqualTo(Duration.ofMillis(2128));
    }

    @Test
    void fractionsOfAMillisecondAreRoundedUp() {
        assertThat(parse("2.1281")).isEqualTo(Duration.ofMillis(2129));
        assertThat(parse("0.0001")).isEqualTo(Duration.ofMillis(1));
        assertThat(parse("2.1289")).isEqualTo(Duration.ofMillis(2129));
    }

    @Test
    void wholeSeconds() {
        assertThat(parse("0")).isEqualTo(Duration.ZERO);
        assertThat(parse("1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(parse("86400")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(parse(" 3 ")).isEqualTo(Duration.ofSeconds(3));
        assertThat(parse("\t2.5\t")).isEqualTo(Duration.ofMillis(2500));
    }

    /**
     * A value with at most three decimals is a whole number of milliseconds: "rounded up to the millisecond" must
     * not add one more (the product of the double with 1000 is not always exact, e.g. 2.007 * 1000 =
     * 2007.0000000000002).
     */
    @ParameterizedTest
    @CsvSource({"0.001, 1", "0.1, 100", "1.005, 1005", "2.128, 2128", "4.35, 4350", "2.007, 2007", "2.011, 2011",
                "9.999, 9999", "17.017, 17017"})
    void millisecondValuesAreExact(String header, long millis) {
        assertThat(parse(header)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void httpDateRelativeToTheClock() {
        assertThat(parse("Tue, 30 Sep 2025 15:28:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("Tue, 30 Sep 2025 16:28:00 GMT")).isEqualTo(Duration.ofHours(1));
        assertThat(parse("Wed, 1 Oct 2025 15:28:00 GMT")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void httpDateWithAnOffset() {
        assertThat(parse("Tue, 30 Sep 2025 17:28:10 +0200")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void httpDateNowOrInThePastIsZero() {
        assertThat(parse("Tue, 30 Sep 2025 15:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(parse("Tue, 30 Sep 2025 15:27:59 GMT")).isEqualTo(Duration.ZERO);
        assertThat(parse("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "soon", "abc", "2 s", "2,5", "-1", "-0.5", "-120", "NaN", "Infinity",
                            "-Infinity", "30 Sep 2025", "2025-09-30T15:28:30Z", "Mon, 30 Sep 2025 15:28:30 GMT",
                            "Tue, 30 Sep 2025 25:28:30 GMT"})
    void unreadableValuesGiveNull(String value) {
        assertThat(parse(value)).isNull();
    }

    @Test
    void signedAndExponentFormsAreNotHttpDelaySecondsAndGiveNull() {
        // RFC 9110: delay-seconds is digits only
        assertThat(parse("-0")).isNull();
        assertThat(parse("+1")).isNull();
        assertThat(parse("1e3")).isNull();
    }

    @Test
    void hugeValuesDoNotOverflowIntoNegatives() {
        Duration wait = parse("1e300");
        // either refused or a (very long) non-negative wait; never a negative one
        if (wait != null) {
            assertThat(wait).isPositive();
        }
        assertThat(parse("99999999999999999999")).satisfiesAnyOf(
                d -> assertThat(d).isNull(),
                d -> assertThat(d).isPositive());
    }
}
