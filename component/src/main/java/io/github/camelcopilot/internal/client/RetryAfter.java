package io.github.camelcopilot.internal.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: seconds (Graph sends fractions such as {@code 2.128}) or an HTTP date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait, rounded up to the millisecond so that no retry starts early; null when absent or unreadable. */
    static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.matches("\\d{1,9}(\\.\\d+)?")) {
            // Decimal arithmetic: 2.007 s is exactly 2007 ms, not 2008 as a double would round up to.
            long millis = new BigDecimal(trimmed).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
            return Duration.ofMillis(millis);
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
